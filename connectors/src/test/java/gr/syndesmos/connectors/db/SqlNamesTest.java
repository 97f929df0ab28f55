package gr.syndesmos.connectors.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SqlNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"apofaseis", "public.apofaseis", "dimos.public.apofaseis_2026", "αποφάσεις", "_x$1"})
    void plainAndQualifiedNamesAreTables(String name) {
        assertThat(SqlNames.table(name)).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"apofaseis; drop table x", "a b", "\"apofaseis\"", "a.b.c.d", "1abc", "a--", "a.", "(select 1)", ""})
    void anythingElseIsRefused(String name) {
        assertThatThrownBy(() -> SqlNames.table(name)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"id, title", " id ,title "})
    void columnListsAreSplitAndTrimmed(String list) {
        assertThat(SqlNames.columns(list)).containsExactly("id", "title");
    }

    @ParameterizedTest
    @ValueSource(strings = {"id, title || 'x'", "id, count(*)", "id title"})
    void columnExpressionsAreRefused(String list) {
        assertThatThrownBy(() -> SqlNames.columns(list)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdbc:postgresql://db.local/dimos?password=secret", "jdbc:mariadb://db.local:3307/dimos"})
    void theLocationNamesHostPortAndDatabaseButNeverTheUrlsOptions(String url) {
        assertThat(JdbcLocation.parse(url).toString()).startsWith("database 'dimos' on db.local:").doesNotContain("secret");
    }
}
