package gr.syndesmos.connectors.file;

import org.apache.camel.RouteTemplateContext;

/**
 * The connection options the two SFTP connectors share, as template parameters and as the part of the endpoint URI
 * they produce. Secrets go in {@code RAW(...)} so that characters such as {@code &} or {@code +} survive, and Camel
 * masks them in every URI it logs.
 */
final class SftpConnection {

    static final String URI = "sftp://{{host}}:{{port}}/{{directory}}?username={{username}}"
            + "&password=RAW({{password}})&privateKeyFile={{privateKeyFile}}"
            + "&privateKeyPassphrase=RAW({{privateKeyPassphrase}})&knownHostsFile={{knownHostsFile}}"
            + "&strictHostKeyChecking={{strictHostKeyChecking}}"
            + "&connectTimeout={{connectTimeoutMillis}}&timeout={{readTimeoutMillis}}";

    private SftpConnection() {
    }

    /**
     * jsch acts on "yes" and "no" only: any other value (say "true") would neither refuse an unknown host nor say so.
     * The catalogue refuses such a value already; this guards a template used without it.
     */
    static void refuseUnknownHostKeyChecking(RouteTemplateContext template) {
        Object value = template.getParameters().get("strictHostKeyChecking");
        if (value != null && !"yes".equals(value) && !"no".equals(value)) {
            throw new IllegalArgumentException("strictHostKeyChecking must be yes or no, not '" + value + "'");
        }
    }
}
