package gr.syndesmos.hub.municipality;

/**
 * The names of a municipality's own queues on the broker, where its legacy systems send records
 * ({@code inbound.<code>.<flow>}) and read answers ({@code outbound.<code>.<flow>}). Named here, with what a
 * municipality is given, so that the hub assigns them to its connectors; the broker declares them.
 */
public final class MunicipalityQueues {

    public static final String INBOUND_PREFIX = "inbound";
    public static final String OUTBOUND_PREFIX = "outbound";

    private MunicipalityQueues() {
    }

    public static String inbound(String municipality, String flow) {
        return INBOUND_PREFIX + "." + municipality + "." + flow;
    }

    public static String outbound(String municipality, String flow) {
        return OUTBOUND_PREFIX + "." + municipality + "." + flow;
    }
}
