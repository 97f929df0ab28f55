package gr.syndesmos.connectors.catalog;

/** A connector descriptor that does not follow the descriptor schema; the message names the file and each problem. */
public class InvalidConnectorDescriptorException extends IllegalStateException {

    public InvalidConnectorDescriptorException(String message) {
        super(message);
    }
}
