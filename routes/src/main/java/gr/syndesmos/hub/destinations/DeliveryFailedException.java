package gr.syndesmos.hub.destinations;

/**
 * A delivery that did not succeed. Permanent failures (the destination refused the content) are dead-lettered at
 * once; transient ones (no answer, 5xx, 429) are retried by the broker with back-off until the attempts run out.
 */
public class DeliveryFailedException extends Exception {

    private final boolean permanent;

    public DeliveryFailedException(boolean permanent, String reason) {
        super(reason);
        this.permanent = permanent;
    }

    public DeliveryFailedException(boolean permanent, String reason, Throwable cause) {
        super(reason, cause);
        this.permanent = permanent;
    }

    public boolean isPermanent() {
        return permanent;
    }
}
