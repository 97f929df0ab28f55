package gr.syndesmos.connectors.file;

import gr.syndesmos.connectors.catalog.KameletRoutes;
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

class FileInboxKameletTest extends CamelTestSupport {

    @TempDir
    static Path inbox;


    @Test
    void takesOnlyMatchingFilesAndFilesThemAsTheHandlerSays() throws Exception {
        KameletRoutes.add(context, "inbox-test", "file-inbox", java.util.Map.of(
                "directory", inbox.toString(), "include", "apofaseis_*.csv", "stableForMillis", "100",
                "pollDelayMillis", "100", "handler", "mock:handler"));
        MockEndpoint handler = getMockEndpoint("mock:handler");
        handler.expectedMessageCount(1);
        handler.whenAnyExchangeReceived(exchange -> exchange.getIn().setHeader("SyndesmosFileOutcome", "done"));

        Files.writeString(inbox.resolve(".apofaseis_20261120_2300.csv.part"), "still being written");
        Files.writeString(inbox.resolve("apofaseis_20261120_2300.csv"), "whole");
        NotifyBuilder done = new NotifyBuilder(context).whenDone(1).create();

        assertThat(done.matches(20, TimeUnit.SECONDS)).as("the export was handed to the handler").isTrue();
        MockEndpoint.assertIsSatisfied(20, TimeUnit.SECONDS, handler);
        assertThat(handler.getReceivedExchanges().get(0).getIn().getHeader("CamelFileName"))
                .isEqualTo("apofaseis_20261120_2300.csv");
        // Filed once the hub returned, at the end of the Kamelet's route.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(inbox.resolve("done/apofaseis_20261120_2300.csv")).exists());
        assertThat(inbox.resolve(".apofaseis_20261120_2300.csv.part")).as("a temporary name is never taken").exists();
    }

    @Test
    void aRefusedFileGoesToErrorWithTheReportAChangedOneStaysAndADoneOneThatGrowsComesBack(@TempDir Path box)
            throws Exception {
        KameletRoutes.add(context, "inbox-outcomes", "file-inbox", java.util.Map.of(
                "directory", box.toString(), "include", "*.csv", "stableForMillis", "0", "pollDelayMillis", "100",
                "watchDoneEveryMillis", "100", "handler", "direct:outcomes"));
        java.util.Map<String, String> outcomes = new java.util.concurrent.ConcurrentHashMap<>(java.util.Map.of(
                "refused.csv", "error", "growing.csv", "changed", "paused.csv", "done"));
        java.util.List<String> handed = new java.util.concurrent.CopyOnWriteArrayList<>();
        context.addRoutes(new org.apache.camel.builder.RouteBuilder() {
            @Override
            public void configure() {
                from("direct:outcomes").process(exchange -> {
                    String name = exchange.getIn().getHeader("CamelFileName", String.class);
                    handed.add(name);
                    // The second time a file is handed, it is done whatever it was.
                    exchange.getIn().setHeader("SyndesmosFileOutcome", outcomes.getOrDefault(name, "done"));
                    outcomes.remove(name);
                    exchange.getIn().setHeader("SyndesmosFileReport", "Syndesmos refused this file: test.");
                });
            }
        });

        Files.writeString(box.resolve("refused.csv"), "bad");
        Files.writeString(box.resolve("growing.csv"), "half");
        Files.writeString(box.resolve("paused.csv"), "first part");

        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                .until(() -> Files.exists(box.resolve("error/refused.csv"))
                        && Files.exists(box.resolve("done/growing.csv")) && Files.exists(box.resolve("done/paused.csv")));
        assertThat(Files.readString(box.resolve("error/refused.csv.error.txt")))
                .isEqualTo("Syndesmos refused this file: test.");
        assertThat(handed).as("a changed file is left in the inbox and taken again").filteredOn("growing.csv"::equals)
                .hasSize(2);

        // Its writer goes on in done/: the file goes back to the inbox and is read again.
        Files.writeString(box.resolve("done/paused.csv"), " and the rest", java.nio.file.StandardOpenOption.APPEND);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                .until(() -> handed.stream().filter("paused.csv"::equals).count() == 2);
        assertThat(Files.readString(box.resolve("done/paused.csv"))).isEqualTo("first part and the rest");
    }

    @Test
    void handsTheReadingOptionsGivenAndOnlyThose(@TempDir Path otherInbox) throws Exception {
        KameletRoutes.add(context, "inbox-options", "file-inbox", java.util.Map.of(
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
    void aNameThatCouldLeadOutOfTheInboxIsNeverFollowedAndHoldsNothingUp(@TempDir Path root) throws Exception {
        Path box = Files.createDirectories(root.resolve("inbox"));
        Path victim = Files.createDirectories(root.resolve("victim")).resolve("apofaseis_victim.csv");
        Files.writeString(victim, "someone else's file");
        KameletRoutes.add(context, "inbox-names", "file-inbox", java.util.Map.of(
                "directory", box.toString(), "include", "apofaseis_*", "stableForMillis", "0",
                "pollDelayMillis", "100", "handler", "mock:names"));
        MockEndpoint handler = getMockEndpoint("mock:names");
        handler.expectedMessageCount(1);
        handler.whenAnyExchangeReceived(exchange -> InboxFiles.moveToDone(
                exchange.getIn().getHeader("SyndesmosLocalFile", Path.class)));

        String traversal = "apofaseis_q\\..\\victim\\apofaseis_victim.csv";
        Files.writeString(box.resolve(traversal), "a;b");
        Files.writeString(box.resolve("apofaseis_\u202Evsc.exe"), "a;b");
        Files.createSymbolicLink(box.resolve("apofaseis_link.csv"), victim);
        Files.writeString(box.resolve("apofaseis_good.csv"), "a;b");
        Files.setLastModifiedTime(box.resolve("apofaseis_good.csv"),
                java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 60_000));

        MockEndpoint.assertIsSatisfied(20, TimeUnit.SECONDS, handler);
        assertThat(handler.getReceivedExchanges().get(0).getIn().getHeader("SyndesmosLocalFile", Path.class))
                .isEqualTo(box.resolve("apofaseis_good.csv").toAbsolutePath());
        assertThat(box.resolve("done/apofaseis_good.csv")).exists();
        assertThat(victim).as("the file the name pointed at").hasContent("someone else's file");
        assertThat(root.resolve("victim/done")).doesNotExist();
        try (var refused = Files.list(box.resolve("error"))) {
            assertThat(refused.map(p -> p.getFileName().toString()).toList())
                    .allMatch(name -> name.startsWith("refused-name_") && InboxFileNames.problem(name) == null)
                    .anyMatch(name -> name.endsWith("apofaseis_victim.csv.error.txt"))
                    .hasSize(6);
        }
        assertThat(Files.readString(box.resolve("error/refused-name_apofaseis_q_.._victim_apofaseis_victim.csv"
                .replace("..", "_") + ".error.txt"))).contains("path separator", "was sent anywhere");
        assertThat(box.resolve(traversal)).doesNotExist();
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(
                box.resolve("done/apofaseis_good.csv")))).isEqualTo("rw-------");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(
                box.resolve("done")))).isEqualTo("rwx------");
    }

    @Test
    void unsafeNamesAreRecognised() {
        assertThat(InboxFileNames.problem("apofaseis_20261120_2300.csv")).isNull();
        assertThat(InboxFileNames.problem("αποφάσεις 2026.csv")).isNull();
        assertThat(InboxFileNames.problem("a\\b.csv")).contains("separator");
        assertThat(InboxFileNames.problem("..csv")).contains("..");
        assertThat(InboxFileNames.problem("a\tb.csv")).contains("U+0009");
        assertThat(InboxFileNames.problem("a\u200Bb.csv")).contains("U+200B");
        assertThat(InboxFileNames.safeName("x\\..\\..\\y.csv")).isEqualTo("refused-name_x_____y.csv");
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
