package gr.syndesmos.hub;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The Syndesmos hub: one installation per region, serving all of its municipalities. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SyndesmosHub {

    public static void main(String[] args) {
        SpringApplication.run(SyndesmosHub.class, args);
    }
}
