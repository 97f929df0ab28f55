package gr.syndesmos.hub.state;

import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * The state database's transaction manager, named explicitly: the JMS transaction manager is the other one, and
 * neither may be picked by accident.
 */
@Configuration(proxyBeanMethods = false)
public class StateDatabaseConfiguration {

    @Bean
    @Primary
    DataSourceTransactionManager stateTransactionManager(DataSource dataSource) {
        return new DataSourceTransactionManager(dataSource);
    }

    @Bean
    static PostgresSessionLimits postgresSessionLimits() {
        return new PostgresSessionLimits();
    }
}
