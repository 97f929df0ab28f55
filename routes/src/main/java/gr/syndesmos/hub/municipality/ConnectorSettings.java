package gr.syndesmos.hub.municipality;

import gr.syndesmos.connectors.catalog.ConnectorDescriptor;
import gr.syndesmos.hub.settings.HubProperties;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What the hub fills in for a connector, so that a municipality file stays short and two municipalities can never
 * share a folder, a watermark or an inbound address by mistake.
 */
final class ConnectorSettings {

    /**
     * Parameters only the hub sets: the key of a database watermark
     * ({@code <code>/<flow>}), the address where a municipality pushes records ({@code /inbound/<code>/<flow>}) and
     * its queues on the broker ({@code inbound.<code>.<flow>}, {@code outbound.<code>.<flow>}):
     * letting a file choose them would let one municipality read another's watermark or push as another.
     */
    static final Set<String> HUB_ASSIGNED = Set.of("watermarkName", "path",
            "stagingDirectory", "queue", "municipality");

    private ConnectorSettings() {
    }

    static Map<String, Object> withHubDefaults(ConnectorDescriptor descriptor, Map<String, Object> given,
            String code, String flow, HubProperties properties) {
        Set<String> declared = descriptor.parameters().keySet();
        Path dataDir = properties.dataDir() != null ? properties.dataDir() : Path.of("data");
        Map<String, Object> effective = new LinkedHashMap<>();
        // Overridable defaults: the municipality's own folders under the data directory.
        if (declared.contains("directory") && !descriptor.name().startsWith("sftp")) {
            // A legacy system's own exchange folder, which the hub and the system share: both directions of a
            // conversation's files (transfer-files-in and -out) and an action's questions and answers.
            String area = descriptor.kind() == ConnectorDescriptor.Kind.ACTION
                    || descriptor.name().startsWith("transfer-files") ? "exchange"
                    : descriptor.kind() == ConnectorDescriptor.Kind.SINK ? "outbox" : "inbox";
            effective.put("directory", dataDir.resolve(area).resolve(code).resolve(flow).toAbsolutePath().toString());
        }
        // The hub's inbox settings (syndesmos.inbox.*), unless the municipality file says otherwise.
        if (properties.inbox() != null && declared.contains("watchDoneForMillis")
                && properties.inbox().watchDoneFor() != null) {
            effective.put("watchDoneForMillis", properties.inbox().watchDoneFor().toMillis());
        }
        if (properties.inbox() != null && declared.contains("watchDoneEveryMillis")
                && properties.inbox().watchDoneEvery() != null) {
            effective.put("watchDoneEveryMillis", properties.inbox().watchDoneEvery().toMillis());
        }
        if (declared.contains("clientId")) {
            effective.put("clientId", "syndesmos-" + code + "-" + flow);
        }
        effective.putAll(given);
        // Hub-assigned: always these values.
        if (declared.contains("watermarkName")) {
            effective.put("watermarkName", code + "/" + flow);
        }
        if (declared.contains("path")) {
            effective.put("path", "/inbound/" + code + "/" + flow);
        }
        if (declared.contains("queue")) {
            effective.put("queue", descriptor.kind() == ConnectorDescriptor.Kind.SINK
                    ? MunicipalityQueues.outbound(code, flow) : MunicipalityQueues.inbound(code, flow));
        }
        if (declared.contains("municipality")) {
            effective.put("municipality", code);
        }
        if (declared.contains("stagingDirectory")) {
            effective.put("stagingDirectory", dataDir.resolve("staging").resolve(code).resolve(flow)
                    .toAbsolutePath().toString());
        }
        return effective;
    }
}
