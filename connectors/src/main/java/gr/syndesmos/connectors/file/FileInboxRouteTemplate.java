package gr.syndesmos.connectors.file;

import org.apache.camel.builder.RouteBuilder;

/**
 * Connector {@value #ID} (descriptor {@code connectors/file-inbox.connector.yaml}): picks up whole files from a local
 * folder and hands each one to the handler endpoint, with header {@code CamelFilePath} and the reading options in
 * {@code SyndesmosReaderOptions}. The file is left where it is ({@code noop}); the handler moves it to {@code done/}
 * or {@code error/} with {@link InboxFiles} once it knows the outcome, so a file whose processing failed half-way
 * (broker down, say) stays in the inbox and is picked up again.
 *
 * <p>Parameters: {@code directory}, {@code include} (ant-style pattern; legacy systems write under a temporary name
 * and rename, so the pattern excludes half-written files), {@code stableForMillis} (a file is taken only when its size
 * and time have not changed for this long: guards systems that write in place), {@code pollDelayMillis}, the reading
 * options {@code charset}, {@code delimiter}, {@code quote}, {@code headerNames}, and the hub's {@code handler}.
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
                .templateParameter("charset", "")
                .templateParameter("delimiter", "")
                .templateParameter("quote", "")
                .templateParameter("headerNames", "")
                .templateParameter("handler")
                .templateBean("readerOptions", ReaderOptions.class, ReaderOptions::of)
                .from("file:{{directory}}?antInclude={{include}}&noop=true&idempotent=false&recursive=false"
                        + "&readLock=changed&readLockMinAge={{stableForMillis}}&readLockCheckInterval=250"
                        + "&readLockTimeout=0&delay={{pollDelayMillis}}&sortBy=file:modified&maxMessagesPerPoll=1")
                .process("{{readerOptions}}")
                .to("{{handler}}");
    }
}
