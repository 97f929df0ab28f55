package gr.syndesmos.connectors.db;

import java.util.Optional;

/**
 * Where {@code db-poll} sources keep their watermarks. The hub provides one in the Camel registry under
 * {@value #BEAN_NAME}, on its state database, so a watermark survives a restart.
 */
public interface WatermarkStore {

    String BEAN_NAME = "syndesmosWatermarks";

    Optional<Watermark> get(String name);

    /** Called only after the rows up to {@code watermark} were handed on successfully. */
    void save(String name, Watermark watermark);
}
