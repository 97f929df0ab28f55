package gr.syndesmos.connectors.db;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The hub keeps watermarks in its state database; tests keep them in a map that outlives a Camel context. */
final class InMemoryWatermarkStore implements WatermarkStore {

    final Map<String, Watermark> saved = new ConcurrentHashMap<>();

    @Override
    public Optional<Watermark> get(String name) {
        return Optional.ofNullable(saved.get(name));
    }

    @Override
    public void save(String name, Watermark watermark) {
        saved.put(name, watermark);
    }
}
