package gr.syndesmos.connectors.file;

import gr.syndesmos.connectors.catalog.ConnectorHeaders;
import java.io.File;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.file.GenericFile;

/**
 * Connector {@value #ID} (descriptor {@code connectors/file-inbox.connector.yaml}): picks up whole files from a local
 * folder and hands each one to the handler endpoint, with header {@code SyndesmosLocalFile} (the file itself) and the
 * reading options in {@code SyndesmosReaderOptions}. A file whose name could lead elsewhere is refused before it is
 * read ({@link InboxFileNames}). The file is left where it is ({@code noop}) while the handler reads it; when the
 * handler returns, the connector files it as the hub's {@code SyndesmosFileOutcome} says ({@link InboxFiler}:
 * {@code done/}, watched there a while in case its writer was only pausing, {@code error/} with the hub's report, or
 * left in place); a file whose processing failed half-way (the handler threw: broker down, say) stays in the inbox and
 * is picked up again.
 *
 * <p>Parameters: {@code directory}, {@code include} (ant-style pattern; legacy systems write under a temporary name
 * and rename, so the pattern excludes half-written files), {@code stableForMillis} (a file is taken only when its size
 * and time have not changed for this long: guards systems that write in place), {@code lockTimeoutMillis} (a file
 * still changing after this long is left for the next poll), {@code pollDelayMillis}, {@code watchDoneForMillis}
 * and {@code watchDoneEveryMillis} (how long and how often a file in {@code done/} is watched), the reading
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
                .templateParameter("lockTimeoutMillis", "60000")
                .templateParameter("charset", "")
                .templateParameter("delimiter", "")
                .templateParameter("quote", "")
                .templateParameter("headerNames", "")
                .templateParameter("watchDoneForMillis", "600000")
                .templateParameter("watchDoneEveryMillis", "2000")
                .templateParameter("handler")
                .templateBean("readerOptions", ReaderOptions.class, ReaderOptions::of)
                .templateBean("inboxFileNames", InboxFileNames.class, rtc -> new InboxFileNames(ID))
                .templateBean("inboxFiler", InboxFiler.class, FileInboxRouteTemplate::filer)
                // Every file of a poll is taken in turn, oldest first (sorted over the whole folder, not a first few);
                // an empty file is taken too (and refused with a report); a file that never stops changing is
                // skipped after lockTimeoutMillis and tried again at the next poll, so it holds up no other file.
                .from("file:{{directory}}?antInclude={{include}}&noop=true&idempotent=false&recursive=false"
                        + "&filter=#{{inboxFileNames}}"
                        + "&readLock=changed&readLockMinAge={{stableForMillis}}&readLockMinLength=0"
                        + "&readLockCheckInterval=250&readLockTimeout={{lockTimeoutMillis}}"
                        + "&delay={{pollDelayMillis}}&sortBy=file:modified&maxMessagesPerPoll=0"
                        + "&eagerMaxMessagesPerPoll=false")
                .process("{{readerOptions}}")
                .process(FileInboxRouteTemplate::handTheFileItself)
                .to("{{handler}}")
                .process("{{inboxFiler}}");
    }

    /** The filer of one inbox, with its watch of done/ started and stopped with the Camel context. */
    static InboxFiler filer(org.apache.camel.RouteTemplateContext rtc) {
        DoneFilesWatch watch = new DoneFilesWatch(
                java.time.Duration.ofMillis(rtc.getProperty("watchDoneForMillis", Long.class)),
                java.time.Duration.ofMillis(rtc.getProperty("watchDoneEveryMillis", Long.class)));
        try {
            rtc.getCamelContext().addService(watch, true, true);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the watch of " + ID + "'s done/ folder", e);
        }
        return new InboxFiler(ID, watch);
    }

    /**
     * The handler gets the file the consumer listed ({@code SyndesmosLocalFile}), not a path rebuilt from Camel's
     * headers, and {@code CamelFilePath} is made to agree with it.
     */
    static void handTheFileItself(Exchange exchange) {
        GenericFile<?> listed = exchange.getMessage().getBody(GenericFile.class);
        File file = (File) listed.getFile();
        exchange.getMessage().setHeader(ConnectorHeaders.LOCAL_FILE, file.toPath().toAbsolutePath());
        exchange.getMessage().setHeader(ConnectorHeaders.FILE_PATH, file.getAbsolutePath());
        exchange.getMessage().setHeader(ConnectorHeaders.FILE_NAME, file.getName());
        exchange.setProperty(InboxFiler.HANDED_OVER, FileSnapshot.of(file.toPath()));
    }
}
