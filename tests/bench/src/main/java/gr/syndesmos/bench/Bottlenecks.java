package gr.syndesmos.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * For each goal missed, names the step that costs the most, from the CPU time each process spent per record and
 * the JMH figures of the hot steps. The wording is the report's; the figures are this run's.
 */
final class Bottlenecks {

    private Bottlenecks() {
    }

    static void name(ObjectNode report, JsonNode details, List<String> notes) {
        ObjectNode out = report.putObject("bottlenecks");
        JsonNode goals = report.path("goals");
        JsonNode jmh = details.path("jmh_us_per_record");
        JsonNode cpu = report.path("cpu_us_per_record");

        if (missed(goals, "translation_csv_rows_per_s") || missed(goals, "translation_xml_rows_per_s")) {
            Map<String, Double> steps = new LinkedHashMap<>();
            double parse = jmh.path("csvRowParse").asDouble(Double.NaN);
            double readAndMap = jmh.path("csvReadAndMap").asDouble(Double.NaN);
            steps.put("CSV decoding and row parsing", parse);
            steps.put("mapping (types, code lists, AFM check)", jmh.path("mapping").asDouble(Double.NaN));
            steps.put("XML record read (StAX + mapping)", jmh.path("xmlRecordRead").asDouble(Double.NaN));
            steps.put("canonical JSON write", jmh.path("jsonWrite").asDouble(Double.NaN));
            out.put("translation", "translation costs " + cpu.path("translation_csv").asDouble() + " µs CPU per CSV row"
                    + " and " + cpu.path("translation_xml").asDouble() + " µs per XML record; the largest step is "
                    + largest(steps) + " (JMH, µs per record: " + steps + "; CSV read+map " + readAndMap + ")");
        }
        if (missed(goals, "ingest_vs_raw_persistent")) {
            double hub = cpu.path("ingest_hub").asDouble();
            double translate = jmh.path("csvReadAndMap").asDouble(Double.NaN);
            double validate = jmh.path("schemaValidation").asDouble(Double.NaN);
            double json = jmh.path("jsonWrite").asDouble(Double.NaN);
            double rest = hub - nz(translate) - nz(validate) - nz(json);
            Map<String, Double> steps = new LinkedHashMap<>();
            steps.put("read and map", translate);
            steps.put("schema validation", validate);
            steps.put("canonical JSON (tree + text)", json);
            steps.put("publishing and the state database (the rest of the hub's CPU)", rest);
            out.put("ingest", "ingest costs the hub " + hub + " µs CPU per record against "
                    + details.path("raw_broker_persistent").path("broker_cpu_us_per_msg").asDouble()
                    + " µs per message for the broker in the raw run; largest share: " + largest(steps)
                    + " (µs per record: " + steps + ")");
        }
        if (missed(goals, "end_to_end_records_per_s") || missed(goals, "end_to_end_vs_raw_destination")) {
            JsonNode e2e = details.path("end_to_end");
            double busy = e2e.path("cores_busy").asDouble();
            int cores = details.path("machine").path("cores").asInt(2);
            out.put("end_to_end", String.format("%s: %.2f of %d cores busy; the hub spent %.0f µs CPU per record (two "
                    + "deliveries), the destinations %.0f µs. The hub's CPU per record by what its threads do: %s. "
                    + "Each delivery costs one HTTP call, one read and one (grouped) commit of the state database "
                    + "and its share of a broker commit (acknowledged in batches); ingest runs at the same time on the same cores. The state database's "
                    + "writes run on one thread (group commit), %.2f of a core at this rate: each delivery waits "
                    + "for its group, and a group's cost grows with the pages it dirties",
                    busy >= 0.8 * cores ? "CPU" : "not CPU alone", busy, cores,
                    e2e.path("hub_cpu_us_per_record").asDouble(),
                    e2e.path("destinations_cpu_us_per_record").asDouble(),
                    e2e.path("hub_cpu_us_per_record_by_thread_role"),
                    e2e.path("hub_cpu_us_per_record_by_thread_role").path("state database commits").asDouble()
                            * report.path("end_to_end_records_per_s").asDouble() / 1e6));
        }
        if (missed(goals, "end_to_end_records_per_s_slow_destinations")) {
            JsonNode slow = details.path("slow_destinations");
            out.put("slow_destinations", String.format("%d deliveries at once per destination answering in %d ms "
                    + "allow %d records/s; the hub spent %.0f µs CPU per record with %.2f cores busy, so the "
                    + "limit is %s", slow.path("consumers_per_destination").asInt(),
                    slow.path("answer_after_ms").asInt(), slow.path("ceiling_records_per_s").asInt(),
                    slow.path("hub_cpu_us_per_record").asDouble(), slow.path("cores_busy").asDouble(),
                    report.path("end_to_end_records_per_s_slow_destinations").asDouble()
                            >= 0.8 * slow.path("ceiling_records_per_s").asDouble()
                            ? "the deliveries at once (raise consumers in the flow file)"
                            : "the hub's CPU per record, as end to end"));
        }
        if (missed(goals, "ingest_large_store_vs_raw_persistent")) {
            out.put("ingest_large_store", String.format("with %d records stored, ingest costs %.0f µs CPU per record "
                    + "against %.0f µs with an empty store (%.2f × the rate): the state store's reads are by key, "
                    + "what remains is the same per-record cost as ingest",
                    details.path("ingest_large_store").path("records_stored_before").asInt(),
                    cpu.path("ingest_hub_large_store").asDouble(), cpu.path("ingest_hub").asDouble(),
                    report.path("ratios").path("ingest_large_store_vs_ingest").asDouble()));
        }
        if (missed(goals, "hub_heap_200mb_vs_20mb")) {
            JsonNode heap = details.path("hub_heap");
            out.put("hub_heap", String.format("heap after GC %.1f MB for the 20 MB export, %.1f MB for the 200 MB "
                    + "export (%s)", report.path("hub_heap_mb_20mb_export").asDouble(),
                    report.path("hub_heap_mb_200mb_export").asDouble(),
                    heap.path("large_export_completed").asBoolean() ? "whole file"
                            : "not completed in the phase's time: " + heap.path("large_export_rows_ingested").asLong()
                                    + " of " + heap.path("large_export_rows").asLong() + " rows, ingest speed"));
        }
        if (missed(goals, "latency_p50_ms") || missed(goals, "latency_p99_ms")) {
            JsonNode latency = details.path("latency");
            double perRecordMs = 1000.0 / Math.max(report.path("end_to_end_records_per_s").asDouble(), 1);
            out.put("latency", String.format("each export of %d records is published in one transaction and then "
                    + "delivered one record at a time per destination at about %.2f ms each, so the last record "
                    + "of a file waits for the %d before it: about %.0f ms of queueing inside the file at the "
                    + "end-to-end rate, plus the broker commit of the batch",
                    latency.path("records_per_file").asInt(), perRecordMs,
                    Math.max(latency.path("records_per_file").asInt() - 1, 0),
                    perRecordMs * latency.path("records_per_file").asInt()));
        }
        if (missed(goals, "peak_heap_mb_1gb") || missed(goals, "peak_heap_1gb_vs_100mb")) {
            out.put("memory", "heap live after GC: " + report.path("peak_heap_mb_1gb").asDouble() + " MB for 1 GB, "
                    + report.path("peak_heap_mb_100mb").asDouble() + " MB for 100 MB");
        }
        if (out.isEmpty()) {
            notes.add("Every applicable goal was met in this run.");
        }
    }

    private static boolean missed(JsonNode goals, String name) {
        JsonNode met = goals.path(name).path("met");
        return met.isBoolean() && !met.asBoolean();
    }

    private static double nz(double value) {
        return Double.isNaN(value) ? 0 : value;
    }

    private static String largest(Map<String, Double> steps) {
        return steps.entrySet().stream().filter(e -> !Double.isNaN(e.getValue()))
                .max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("unknown (no JMH figures)");
    }
}
