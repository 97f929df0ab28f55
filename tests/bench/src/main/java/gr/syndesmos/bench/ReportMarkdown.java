package gr.syndesmos.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/** report.md: the figures of report.json for people, goals beside them. */
final class ReportMarkdown {

    private ReportMarkdown() {
    }

    static String render(JsonNode report, List<String> notes) {
        JsonNode details = report.path("details");
        JsonNode goals = report.path("goals");
        StringBuilder md = new StringBuilder();
        md.append("# Syndesmos benchmark\n\n");
        md.append("Run ").append(report.path("started_at").asText()).append(" on ")
                .append(details.path("machine").path("cores").asInt()).append(" cores, ")
                .append(details.path("machine").path("java").asText()).append("; broker journal ")
                .append(details.path("machine").path("journal").asText()).append("; took ")
                .append(String.format("%.0f s", report.path("benchmark_seconds").asDouble())).append(".");
        if (report.path("quick").asBoolean()) {
            md.append(" **Quick run (small sizes): not a benchmark result.**");
        }
        md.append("\nAbsolute figures on a shared 2-core machine drift by ±20 %; the ratios, taken minutes apart in "
                + "one run, are the figures to compare.\n\n");

        md.append("## Headline\n\n| metric | value | goal | met |\n|---|---:|---|---|\n");
        row(md, "raw broker, persistent (msg/s)", report, "raw_broker_persistent_msgs_per_s", goals, null);
        row(md, "raw broker, non-persistent (msg/s)", report, "raw_broker_nonpersistent_msgs_per_s", goals, null);
        row(md, "translation, 1 GB Rethymno CSV (rows/s)", report, "translation_csv_rows_per_s", goals,
                "translation_csv_rows_per_s");
        row(md, "translation, 1 GB Heraklion XML (rows/s)", report, "translation_xml_rows_per_s", goals,
                "translation_xml_rows_per_s");
        row(md, "ingest, file → records on the broker (records/s)", report, "ingest_records_per_s", goals,
                "ingest_vs_raw_persistent");
        row(md, "ingest with " + report.path("details").path("ingest_large_store").path("records_stored_before")
                .asText() + " records stored (records/s)", report, "ingest_records_per_s_large_store", goals,
                "ingest_large_store_vs_raw_persistent");
        row(md, "end to end, both destinations (records/s)", report, "end_to_end_records_per_s", goals,
                "end_to_end_records_per_s");
        row(md, "end to end, destinations answering in 50 ms (records/s)", report,
                "end_to_end_records_per_s_slow_destinations", goals, "end_to_end_records_per_s_slow_destinations");
        row(md, "raw destination calls, hub's client and concurrency (calls/s)", report,
                "raw_destination_calls_per_s", goals, null);
        md.append("| end to end ÷ raw destination calls (records/s × 2 calls ÷ calls/s) | ")
                .append(report.path("end_to_end_vs_raw_destination").asText("n/a")).append(" | ≥ 0.5 | ")
                .append(report.path("end_to_end_vs_raw_destination").asDouble() >= 0.5 ? "yes" : "no").append(" |\n");
        md.append("| end to end, batched delivery | n/a | ≥ 0.4 × raw | n/a: ")
                .append(goals.path("end_to_end_batched_vs_raw").path("why").asText()).append(" |\n");
        row(md, "latency p50 at half load (ms)", report, "latency_p50_ms", goals, "latency_p50_ms");
        row(md, "latency p99 at half load (ms)", report, "latency_p99_ms", goals, "latency_p99_ms");
        row(md, "peak heap, 1 GB export (MB, live after GC)", report, "peak_heap_mb_1gb", goals, "peak_heap_mb_1gb");
        row(md, "peak heap, 100 MB export (MB, live after GC)", report, "peak_heap_mb_100mb", goals, null);
        row(md, "RSS, 1 GB export (MB)", report, "rss_mb_1gb", goals, null);
        row(md, "hub heap after GC, 20 MB export, -Xmx256m (MB)", report, "hub_heap_mb_20mb_export", goals, null);
        row(md, "hub heap after GC, 200 MB export, -Xmx256m (MB)", report, "hub_heap_mb_200mb_export", goals,
                "hub_heap_200mb_vs_20mb");
        row(md, "delivered exactly once, queues empty", report, "delivered_exactly_once", goals, null);

        md.append("\n## Ratios\n\n| ratio | value | goal |\n|---|---:|---|\n");
        JsonNode ratios = report.path("ratios");
        ratio(md, ratios, "ingest_vs_raw_persistent", "≥ 0.8");
        ratio(md, ratios, "end_to_end_vs_raw_persistent", "≥ 0.17 one call per record (PERFORMANCE.md)");
        ratio(md, ratios, "end_to_end_vs_ingest", "");
        ratio(md, ratios, "translation_csv_vs_end_to_end", "≫ 1: translation is not the bottleneck");
        ratio(md, ratios, "raw_persistent_vs_nonpersistent", "");
        ratio(md, ratios, "peak_heap_1gb_vs_100mb", "≤ 1.10: reading streams");

        md.append("\n## CPU time per record (µs)\n\n| step | µs |\n|---|---:|\n");
        for (Map.Entry<String, JsonNode> e : iterable(report.path("cpu_us_per_record"))) {
            md.append("| ").append(e.getKey()).append(" | ").append(e.getValue().asDouble()).append(" |\n");
        }
        md.append("\nProcess CPU from /proc for the hub (with its embedded broker), the destinations stand-in and "
                + "the translation JVM; `jmh_*` are single-thread JMH averages of the hot steps (short runs: read "
                + "them as magnitudes, errors in report.json).\n");

        md.append("\n## Bottlenecks of the goals missed\n\n");
        JsonNode bottlenecks = report.path("bottlenecks");
        if (bottlenecks.isEmpty()) {
            md.append("None missed.\n");
        }
        for (Map.Entry<String, JsonNode> e : iterable(bottlenecks)) {
            md.append("- **").append(e.getKey()).append("**: ").append(e.getValue().asText()).append("\n");
        }

        md.append("\n## What was checked\n\n");
        JsonNode verification = details.path("verification");
        md.append("- every record at both destinations once: ").append(verification.path("destinations").toString())
                .append(" for ").append(verification.path("expected_per_destination").asLong())
                .append(" expected each\n");
        md.append("- delivery queues waiting: ").append(verification.path("delivery_queues_waiting").asLong())
                .append(", dead letters: ").append(verification.path("dead_letters").asLong())
                .append(", quarantined (the exports' deliberately bad rows): ")
                .append(verification.path("quarantined_bad_rows").asLong()).append("\n");
        md.append("- ingest published every valid row: ").append(details.path("ingest").path("published_all_valid")
                .asBoolean()).append("; on the broker for delivery: ").append(details.path("ingest")
                .path("on_broker_for_delivery").asLong()).append("\n");
        for (String note : notes) {
            md.append("\n").append(note).append("\n");
        }
        md.append("\nMethod: tests/bench/README.md. Every figure with its inputs: report.json.\n");
        return md.toString();
    }

    private static void row(StringBuilder md, String label, JsonNode report, String key, JsonNode goals,
            String goalKey) {
        JsonNode goal = goalKey == null ? null : goals.path(goalKey);
        md.append("| ").append(label).append(" | ").append(report.path(key).asText()).append(" | ")
                .append(goal == null ? "" : goal.path("goal").asText()).append(" | ")
                .append(goal == null ? "" : goal.path("met").isNull() ? "n/a" : goal.path("met").asBoolean()
                        ? "yes" : "**no**")
                .append(" |\n");
    }

    private static void ratio(StringBuilder md, JsonNode ratios, String key, String goal) {
        md.append("| ").append(key).append(" | ").append(ratios.path(key).asDouble()).append(" | ").append(goal)
                .append(" |\n");
    }

    private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode node) {
        return node::fields;
    }
}
