package gr.syndesmos.connectors.file;

import org.apache.camel.builder.RouteBuilder;

/**
 * Connector {@value #ID} (descriptor {@code connectors/sftp-outbox.connector.yaml}): the hub sends a message to
 * {@code direct:<endpoint>} with the file's bytes as body and its name in {@code CamelFileName}; the connector uploads
 * it into a folder on an SFTP server under a hidden temporary name ({@code tempPrefix}) and renames it when complete, so
 * the legacy system never imports half a file. An existing file of that name is never overwritten: the delivery
 * fails (and the hub retries or dead-letters it).
 */
public class SftpOutboxRouteTemplate extends RouteBuilder {

    public static final String ID = "sftp-outbox";

    @Override
    public void configure() {
        routeTemplate(ID)
                .templateParameter("host")
                .templateParameter("port", "22")
                .templateParameter("username")
                .templateParameter("password", "")
                .templateParameter("privateKeyFile", "")
                .templateParameter("privateKeyPassphrase", "")
                .templateParameter("knownHostsFile", "")
                .templateParameter("strictHostKeyChecking", "yes")
                .templateParameter("connectTimeoutMillis", "10000")
                .templateParameter("readTimeoutMillis", "30000")
                .templateParameter("directory")
                .templateParameter("endpoint")
                .configure(SftpConnection::refuseUnknownHostKeyChecking)
                .from("direct:{{endpoint}}")
                .to(SftpConnection.URI + "&tempPrefix=.&fileExist=Fail&disconnect=true");
    }
}
