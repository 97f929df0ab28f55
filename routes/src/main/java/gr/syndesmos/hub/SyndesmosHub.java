package gr.syndesmos.hub;

import gr.syndesmos.hub.broker.BrokerConfigCommand;
import gr.syndesmos.hub.certificates.CallerKeyCommand;
import gr.syndesmos.hub.evidence.EvidenceCommand;
import gr.syndesmos.hub.municipality.MunicipalityAddCommand;
import gr.syndesmos.hub.security.PasswordHashCommand;
import gr.syndesmos.hub.security.ResetAdminPasswordCommand;
import java.nio.file.Path;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The Syndesmos hub: one installation per region, serving all of its municipalities. With
 * {@code hash-password} as first argument it only prints the bcrypt hash of a password read from standard input, for
 * the users file; with {@code reset-admin-password} it gives the generated admin a new password; with
 * {@code municipality add <code> --like <code>} it only writes a new municipality's file; {@code evidence verify} and
 * {@code evidence export <id>} check and export the evidence log; {@code caller-key} makes a certificate caller's key;
 * {@code broker-config} writes an external broker's broker.xml from the region's files.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SyndesmosHub {

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && PasswordHashCommand.NAME.equals(args[0])) {
            System.exit(PasswordHashCommand.run(System.in, System.out, System.err));
        }
        if (args.length > 0 && ResetAdminPasswordCommand.NAME.equals(args[0])) {
            System.exit(ResetAdminPasswordCommand.run(Path.of(System.getenv().getOrDefault("SYNDESMOS_DATA_DIR",
                    "./data")), System.getenv("SYNDESMOS_USERS"), System.out, System.err));
        }
        if (args.length > 0 && MunicipalityAddCommand.NAME.equals(args[0])) {
            String configDir = System.getenv().getOrDefault("SYNDESMOS_CONFIG_DIR", "./config");
            System.exit(MunicipalityAddCommand.run(args, Path.of(configDir), System.out, System.err));
        }
        if (args.length > 0 && EvidenceCommand.NAME.equals(args[0])) {
            System.exit(EvidenceCommand.run(args, System.getenv(), System.out, System.err));
        }
        if (args.length > 0 && BrokerConfigCommand.NAME.equals(args[0])) {
            System.exit(BrokerConfigCommand.run(args, System.out, System.err));
        }
        if (args.length > 0 && CallerKeyCommand.NAME.equals(args[0])) {
            System.exit(CallerKeyCommand.run(System.out));
        }
        SpringApplication.run(SyndesmosHub.class, args);
    }
}
