package gr.syndesmos.bench;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What {@code artemis perf client --json} reports: an array of one-second interval samples (flagged while warming up)
 * and a summary. The rate is taken from the measured intervals only, the latencies (µs) from the summary.
 */
record PerfClientResult(long received, double receivedPerSecond, long transferP50Micros, long transferP99Micros) {

    static PerfClientResult parse(JsonNode samples) {
        long received = 0;
        long previousTime = -1;
        long firstTime = -1;
        long lastTime = -1;
        JsonNode summary = null;
        for (JsonNode sample : samples) {
            String type = sample.path("sampleType").asText();
            if ("summary".equals(type)) {
                summary = sample;
                continue;
            }
            long time = sample.path("time").asLong();
            if (!sample.path("warmup").asBoolean(false) && previousTime > 0) {
                if (firstTime < 0) {
                    firstTime = previousTime;
                }
                received += sample.path("received").asLong();
                lastTime = time;
            }
            previousTime = time;
        }
        if (summary == null || !"success".equals(summary.path("result").asText()) || lastTime <= firstTime) {
            throw new IllegalStateException("artemis perf client reported no successful measurement: " + summary);
        }
        JsonNode transfer = summary.path("totalTransferTime");
        return new PerfClientResult(received, received / ((lastTime - firstTime) / 1000.0),
                transfer.path("50").asLong(), transfer.path("99").asLong());
    }
}
