package gr.syndesmos.connectors.db;

import java.util.Objects;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.RouteTemplateContext;

/**
 * Connector template {@value #ID}: reads new rows of a PostgreSQL or MariaDB table by a watermark column (with a
 * unique key column as tie-breaker) and hands each batch to the handler as a {@code List<Map<String,Object>>}, with
 * header {@value #SOURCE_HEADER}. The watermark (last row's watermark and key) is saved in the hub's {@link
 * WatermarkStore} only after the handler returned without exception; otherwise the same rows are read again at the
 * next poll. A full batch is followed at once by the next one (the scheduler's greedy mode) until the table is
 * drained; then the source waits {@code pollDelayMillis}. Parameters: see {@code connectors/db-poll.connector.yaml}.
 */
public class DbPollRouteTemplate extends RouteBuilder {

    public static final String ID = "db-poll";
    public static final String SOURCE_HEADER = "SyndesmosSource";

    @Override
    public void configure() {
        routeTemplate(ID)
                .templateParameter("jdbcUrl")
                .templateParameter("username")
                .templateOptionalParameter("password")
                .templateParameter("table")
                .templateParameter("watermarkColumn")
                .templateParameter("keyColumn")
                .templateParameter("columns", "*")
                .templateParameter("batchSize", "500")
                .templateParameter("pollDelayMillis", "5000")
                .templateParameter("watermarkName")
                .templateOptionalParameter("initialWatermark")
                .templateParameter("lagSeconds", "0")
                .templateParameter("queryTimeoutSeconds", "30")
                .templateParameter("connectTimeoutSeconds", "10")
                .templateOptionalParameter("sourceName")
                .templateParameter("handler")
                .templateBean("rowQuery", DbRowQuery.class, DbPollRouteTemplate::rowQuery)
                // One scheduler thread per source (the name is the watermark's, unique per source): a slow database
                // never holds up another source's polls.
                .from("scheduler:db-poll-{{watermarkName}}?delay={{pollDelayMillis}}&initialDelay=0&greedy=true")
                .process("{{rowQuery}}")
                .to("{{handler}}")
                .process(DbPollRouteTemplate::saveWatermark);
    }

    static DbRowQuery rowQuery(RouteTemplateContext parameters) {
        return new DbRowQuery(new DbPollSettings(
                parameters.getProperty("jdbcUrl", String.class),
                null,
                parameters.getProperty("username", String.class),
                Objects.requireNonNullElse(parameters.getProperty("password", String.class), ""),
                parameters.getProperty("table", String.class),
                parameters.getProperty("watermarkColumn", String.class),
                parameters.getProperty("keyColumn", String.class),
                SqlNames.columns(parameters.getProperty("columns", String.class)),
                parameters.getProperty("batchSize", Integer.class),
                parameters.getProperty("pollDelayMillis", Long.class),
                parameters.getProperty("watermarkName", String.class),
                parameters.getProperty("initialWatermark", String.class),
                parameters.getProperty("lagSeconds", Integer.class),
                parameters.getProperty("queryTimeoutSeconds", Integer.class),
                parameters.getProperty("connectTimeoutSeconds", Integer.class),
                parameters.getProperty("sourceName", String.class)));
    }

    /** After the handler took the batch: move the watermark, and ask for the next batch at once if this one was full. */
    static void saveWatermark(Exchange exchange) {
        Watermark watermark = exchange.getProperty(DbRowQuery.PENDING_WATERMARK, Watermark.class);
        String name = exchange.getProperty(DbRowQuery.WATERMARK_NAME, String.class);
        DbRowQuery.store(exchange).save(name, watermark);
        if (exchange.getProperty(DbRowQuery.BATCH_FULL, false, Boolean.class)) {
            exchange.setProperty(Exchange.SCHEDULER_POLLED_MESSAGES, true);
        }
    }
}
