package gr.syndesmos.connectors.broker;

import gr.syndesmos.connectors.catalog.ConnectorHeaders;
import org.apache.camel.Exchange;

/**
 * The bean of the {@value #ID} Kamelet (sink): the hub sends a file (bytes and {@code SyndesmosFileName}); the
 * Kamelet puts it on the municipality's own queue {@code outbound.<code>.<flow>} (the hub assigns {@code queue}), as
 * a persistent bytes message with the name in the property {@value #FILE_NAME}. The municipality's legacy system reads
 * it there with its own broker account, which may read that queue and no other. Java only to drop every other header,
 * so nothing of the hub's crosses the broker.
 */
public final class BrokerOutMessage {

    public static final String ID = "broker-out";
    /** The message property with the file's name (Camel's own header names do not cross the broker). */
    public static final String FILE_NAME = "fileName";

    private BrokerOutMessage() {
    }

    /** Only the bytes and the file's name go out. */
    public static void onlyTheFile(Exchange exchange) throws Exception {
        String name = exchange.getMessage().getHeader(ConnectorHeaders.FILE_NAME, String.class);
        byte[] content = exchange.getMessage().getMandatoryBody(byte[].class);
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(FILE_NAME, name);
        exchange.getMessage().setBody(content);
    }
}
