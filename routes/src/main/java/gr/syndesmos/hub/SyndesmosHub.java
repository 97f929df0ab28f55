package gr.syndesmos.hub;

import gr.syndesmos.hub.security.PasswordHashCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The Syndesmos hub: one installation per region, serving all of its municipalities. With
 * {@code hash-password} as first argument it only prints the bcrypt hash of a password read from standard input, for
 * the users file.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SyndesmosHub {

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && PasswordHashCommand.NAME.equals(args[0])) {
            System.exit(PasswordHashCommand.run(System.in, System.out, System.err));
        }
        SpringApplication.run(SyndesmosHub.class, args);
    }
}
