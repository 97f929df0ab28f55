package gr.syndesmos.connectors.file;

import org.apache.camel.builder.RouteBuilder;

/**
 * Connector template {@value #ID}: picks up whole files from a local folder and hands each one to a handler
 * endpoint. The file is left where it is ({@code noop}); the handler moves it to {@code done/} or {@code error/}
 * with {@link InboxFiles} once it knows the outcome, so a file whose processing failed half-way (broker down, say)
 * stays in the inbox and is picked up again.
 *
 * <p>Parameters:
 * <ul>
 *   <li>{@code directory}: the inbox folder (created if missing)</li>
 *   <li>{@code include}: ant-style pattern of the files to take, e.g. {@code apofaseis_*.csv}; legacy systems write
 *       under a temporary name and rename, so the pattern excludes half-written files</li>
 *   <li>{@code stableForMillis}: a file is taken only when its size and time have not changed for this long
 *       (guards systems that write in place), default 1000</li>
 *   <li>{@code pollDelayMillis}: time between polls, default 1000</li>
 *   <li>{@code handler}: the endpoint that processes one file, e.g. {@code direct:council-decisions.ingest}</li>
 * </ul>
 */
public class FileInboxRouteTemplate extends RouteBuilder {

    public static final String ID = "file-inbox";

    @Override
    public void configure() {
        routeTemplate(ID)
                .templateParameter("directory")
                .templateParameter("include")
                .templateParameter("stableForMillis", "1000")
                .templateParameter("pollDelayMillis", "1000")
                .templateParameter("handler")
                .from("file:{{directory}}?antInclude={{include}}&noop=true&idempotent=false&recursive=false"
                        + "&readLock=changed&readLockMinAge={{stableForMillis}}&readLockCheckInterval=250"
                        + "&readLockTimeout=0&delay={{pollDelayMillis}}&sortBy=file:modified&maxMessagesPerPoll=1")
                .to("{{handler}}");
    }
}
