package gr.syndesmos.connectors.broker;

import gr.syndesmos.connectors.catalog.ConnectorHeaders;
import org.apache.camel.builder.RouteBuilder;

/**
 * Connector template {@value #ID} (sink): the hub sends a file (bytes and {@code CamelFileName}) to
 * {@code direct:<endpoint>}; the connector puts it on the municipality's own queue {@code outbound.<code>.<flow>}
 * (the hub assigns {@code queue}), as a persistent bytes message with the name in the property {@value #FILE_NAME}.
 * The municipality's legacy system reads it there with its own broker account, which may read that queue and no
 * other.
 */
public class BrokerOutRouteTemplate extends RouteBuilder {

    public static final String ID = "broker-out";
    /** The message property with the file's name (Camel's own header names do not cross the broker). */
    public static final String FILE_NAME = "fileName";

    @Override
    public void configure() {
        routeTemplate(ID)
                .templateParameter("queue")
                .templateParameter("endpoint")
                .from("direct:{{endpoint}}")
                .process(exchange -> {
                    String name = exchange.getMessage().getHeader(ConnectorHeaders.FILE_NAME, String.class);
                    byte[] content = exchange.getMessage().getMandatoryBody(byte[].class);
                    exchange.getMessage().removeHeaders("*");
                    exchange.getMessage().setHeader(FILE_NAME, name);
                    exchange.getMessage().setBody(content);
                })
                .to("jms:queue:{{queue}}?deliveryPersistent=true");
    }
}
