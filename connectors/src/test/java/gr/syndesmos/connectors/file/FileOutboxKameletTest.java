package gr.syndesmos.connectors.file;

import gr.syndesmos.connectors.catalog.KameletRoutes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileOutboxKameletTest extends CamelTestSupport {

    @TempDir
    Path outbox;


    @BeforeEach
    void addOutbox() throws Exception {
        KameletRoutes.add(context, "outbox-test", "file-outbox",
                Map.of("directory", outbox.toString(), "endpoint", "outbox-9318"));
    }

    private Object send(String name, String content) {
        return template.requestBodyAndHeader("direct:outbox-9318", content.getBytes(StandardCharsets.UTF_8),
                "CamelFileName", name);
    }

    private Stream<String> filesInOutbox() throws Exception {
        try (Stream<Path> files = Files.list(outbox)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList().stream();
        }
    }

    @Test
    void writesTheFileWholeUnderItsNameAndLeavesNoTemporaryFile() throws Exception {
        String content = "ADA;ARITHMOS\r\nΨΩΞ46ΜΓΘΓ-ΑΒΓ;245\r\n";

        send("ada_20261120_230000.csv", content);

        assertThat(Files.readString(outbox.resolve("ada_20261120_230000.csv"))).isEqualTo(content);
        assertThat(filesInOutbox()).containsExactly("ada_20261120_230000.csv");
    }

    @Test
    void neverOverwritesAnExistingFile() throws Exception {
        send("ada.csv", "first");
        send("ada.csv", "second");

        assertThat(Files.readString(outbox.resolve("ada.csv"))).isEqualTo("first");
        assertThat(Files.readString(outbox.resolve("ada-1.csv"))).isEqualTo("second");
    }

    @Test
    void theSameFileDeliveredAgainIsWrittenOnce() throws Exception {
        send("ada.csv", "same");
        send("ada.csv", "other");
        send("ada.csv", "other");

        assertThat(filesInOutbox()).containsExactly("ada-1.csv", "ada.csv");
    }

    @Test
    void refusesANameThatLeavesTheFolder() {
        assertThatThrownBy(() -> send("../escape.csv", "x"))
                .isInstanceOf(CamelExecutionException.class)
                .hasRootCauseMessage("Not a plain, visible file name: '../escape.csv'");
        assertThat(outbox.getParent().resolve("escape.csv")).doesNotExist();
    }
}
