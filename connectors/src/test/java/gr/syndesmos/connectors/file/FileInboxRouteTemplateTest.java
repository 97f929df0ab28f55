package gr.syndesmos.connectors.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileInboxRouteTemplateTest extends CamelTestSupport {

    @TempDir
    static Path inbox;

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new FileInboxRouteTemplate();
    }

    @Test
    void takesOnlyMatchingFilesAndLeavesMovingToTheHandler() throws Exception {
        context.addRouteFromTemplate("inbox-test", FileInboxRouteTemplate.ID, java.util.Map.of(
                "directory", inbox.toString(), "include", "apofaseis_*.csv", "stableForMillis", "100",
                "pollDelayMillis", "100", "handler", "mock:handler"));
        MockEndpoint handler = getMockEndpoint("mock:handler");
        handler.expectedMessageCount(1);
        handler.whenAnyExchangeReceived(exchange -> {
            Path file = Path.of(exchange.getIn().getHeader("CamelFilePath", String.class));
            InboxFiles.moveToDone(file);
        });

        Files.writeString(inbox.resolve(".apofaseis_20261120_2300.csv.part"), "still being written");
        Files.writeString(inbox.resolve("apofaseis_20261120_2300.csv"), "whole");
        NotifyBuilder done = new NotifyBuilder(context).whenDone(1).create();

        assertThat(done.matches(20, TimeUnit.SECONDS)).as("the export was handed to the handler").isTrue();
        MockEndpoint.assertIsSatisfied(20, TimeUnit.SECONDS, handler);
        assertThat(handler.getReceivedExchanges().get(0).getIn().getHeader("CamelFileName"))
                .isEqualTo("apofaseis_20261120_2300.csv");
        assertThat(inbox.resolve("done/apofaseis_20261120_2300.csv")).exists();
        assertThat(inbox.resolve(".apofaseis_20261120_2300.csv.part")).as("a temporary name is never taken").exists();
    }

    @Test
    void handsTheReadingOptionsGivenAndOnlyThose(@TempDir Path otherInbox) throws Exception {
        context.addRouteFromTemplate("inbox-options", FileInboxRouteTemplate.ID, java.util.Map.of(
                "directory", otherInbox.toString(), "include", "*.csv", "stableForMillis", "0",
                "pollDelayMillis", "100", "charset", "windows-1253", "delimiter", ";", "quote", "\"",
                "handler", "mock:options"));
        MockEndpoint handler = getMockEndpoint("mock:options");
        handler.expectedMessageCount(1);
        handler.whenAnyExchangeReceived(exchange -> InboxFiles.moveToDone(
                Path.of(exchange.getIn().getHeader("CamelFilePath", String.class))));

        Files.writeString(otherInbox.resolve("export.csv"), "a;b");

        MockEndpoint.assertIsSatisfied(20, TimeUnit.SECONDS, handler);
        assertThat(handler.getReceivedExchanges().get(0).getIn().getHeader("SyndesmosReaderOptions"))
                .isEqualTo(java.util.Map.of("charset", "windows-1253", "delimiter", ";", "quote", "\""));
    }

    @Test
    void movingTheSameNameTwiceKeepsBothCopies(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.csv"), "first");
        InboxFiles.moveToDone(dir.resolve("a.csv"));
        Files.writeString(dir.resolve("a.csv"), "second");
        Path second = InboxFiles.moveToDone(dir.resolve("a.csv"));

        assertThat(Files.readString(dir.resolve("done/a.csv"))).isEqualTo("first");
        assertThat(Files.readString(second)).isEqualTo("second");
    }

    @Test
    void errorReportIsWrittenBesideTheRefusedFile(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("b.csv"), "x");
        Path moved = InboxFiles.moveToError(dir.resolve("b.csv"), "The file is UTF-8 but windows-1253 was declared.");

        assertThat(moved).isEqualTo(dir.resolve("error/b.csv"));
        assertThat(Files.readString(dir.resolve("error/b.csv.error.txt"))).contains("windows-1253");
    }
}
