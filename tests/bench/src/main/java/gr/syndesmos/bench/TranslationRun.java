package gr.syndesmos.bench;

import gr.syndesmos.mappings.catalog.FolderMappingCatalog;
import gr.syndesmos.schemas.councildecision.CouncilDecision;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.management.GarbageCollectionNotificationInfo;
import gr.syndesmos.mappings.LegacyMapping;
import gr.syndesmos.mappings.MappedRecord;
import gr.syndesmos.mappings.MappingCatalog;
import gr.syndesmos.mappings.RecordReader;
import gr.syndesmos.mappings.SourceContext;
import gr.syndesmos.schemas.CanonicalJson;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * Translation only, in a JVM of its own (started by {@link BenchmarkRun} with the heap limit under test): one legacy
 * export read with the municipality's production mapping exactly as the hub's ingest reads it (64 KiB buffered
 * stream, strict decoding, streaming reader), every valid record written as canonical JSON, nothing published.
 * Prints one JSON object: rows, rows/s, CPU per row, and memory (heap live after each GC, pool peaks, RSS).
 *
 * <p>{@code java -Xmx256m -cp ... gr.syndesmos.bench.TranslationRun <municipality code> <export>}
 */
public final class TranslationRun {

    private TranslationRun() {
    }

    public static void main(String[] args) throws Exception {
        String code = args[0];
        Path export = Path.of(args[1]);
        AtomicLong liveAfterGc = watchHeapAfterEachGc();
        ObjectMapper json = CanonicalJson.mapper();
        LegacyMapping mapping = FolderMappingCatalog.fromClasspath().mapping(code, "council-decisions");
        long rows = 0;
        long valid = 0;
        long jsonBytes = 0;
        long cpuBefore = processCpuNanos();
        long start = System.nanoTime();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(export), 1 << 16);
             RecordReader reader = mapping.open(in, SourceContext.of(export.getFileName().toString(), code,
                     code))) {
            while (reader.hasNext()) {
                MappedRecord record = reader.next();
                rows++;
                if (record.outcome() == MappedRecord.Outcome.VALID) {
                    valid++;
                    // The JSON the hub publishes, written as ingest writes it.
                    jsonBytes += json.writeValueAsBytes(record.record()).length;
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long cpu = processCpuNanos() - cpuBefore;

        ObjectNode result = json.createObjectNode();
        result.put("municipality", code);
        result.put("file", export.getFileName().toString());
        result.put("bytes", Files.size(export));
        result.put("rows", rows);
        result.put("valid", valid);
        result.put("json_bytes", jsonBytes);
        result.put("seconds", seconds);
        result.put("rows_per_s", rows / seconds);
        result.put("mb_per_s", Files.size(export) / 1e6 / seconds);
        result.put("cpu_us_per_row", cpu / 1e3 / rows);
        result.put("max_heap_mb", Runtime.getRuntime().maxMemory() / 1048576.0);
        result.put("heap_live_peak_mb", liveAfterGc.get() / 1048576.0);
        result.put("heap_pool_peaks_mb", heapPoolPeaks() / 1048576.0);
        result.put("gc_count", ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionCount).sum());
        result.put("rss_peak_mb", ProcessStats.selfPeakRssKb() / 1024.0);
        System.out.println(json.writeValueAsString(result));
    }

    /**
     * The heap in use just after each collection: what the export really keeps alive. The heap just before a
     * collection mostly measures how long the collector chose to wait, which is no property of the reader.
     */
    private static AtomicLong watchHeapAfterEachGc() {
        AtomicLong peak = new AtomicLong();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener((notification, handback) -> {
                if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                    return;
                }
                GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from(
                        (CompositeData) notification.getUserData());
                long used = 0;
                for (Map.Entry<String, MemoryUsage> pool : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
                    if (!pool.getKey().contains("Metaspace") && !pool.getKey().contains("Code")
                            && !pool.getKey().contains("Class")) {
                        used += pool.getValue().getUsed();
                    }
                }
                peak.accumulateAndGet(used, Math::max);
            }, null, null);
        }
        return peak;
    }

    private static long heapPoolPeaks() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
