package gr.syndesmos.connectors.transfers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The fixed-width transfer files of the shared samples (samples/residence-transfer/requests/): read into canonical
 * messages, refused whole when broken, and a message the system could not hold refused, never altered.
 */
class TransferFilesTest {

    private static final Path REQUESTS = Path.of("../samples/residence-transfer/requests");
    private static final Charset ISO_8859_7 = Charset.forName("ISO-8859-7");

    private static byte[] sample(String example, String file) throws Exception {
        return Files.readAllBytes(REQUESTS.resolve(example).resolve(file));
    }

    @Test
    void aFileReadsAsItsCanonicalMessages() throws Exception {
        ArrayNode messages = TransferJson.JSON.createArrayNode();
        assertThat(TransferFiles.parse(sample("T02", "MTDOUT_20261123_080000.TXT"), ISO_8859_7, messages)).isNull();
        JsonNode example = TransferJson.JSON.readTree(REQUESTS.resolve("T02/example.json").toFile());
        assertThat(messages).hasSize(1);
        JsonNode want = example.path("canonical").get(0);
        JsonNode got = messages.get(0);
        assertThat(got.path("exchangeId")).isEqualTo(want.path("exchangeId"));
        assertThat(got.path("type")).isEqualTo(want.path("type"));
        assertThat(got.path("origin")).isEqualTo(want.path("origin"));
        assertThat(got.path("person").path("amka")).isEqualTo(want.path("person").path("amka"));
        assertThat(got.path("person").path("birthDate")).as("CYYMMDD").isEqualTo(want.path("person")
                .path("birthDate"));
        assertThat(got.path("registration")).isEqualTo(want.path("registration"));
    }

    @Test
    void aBrokenFileIsRefusedWhole() throws Exception {
        ArrayNode messages = TransferJson.JSON.createArrayNode();
        assertThat(TransferFiles.parse(sample("T15", "MTDOUT_20261123_082500.TXT"), ISO_8859_7, messages))
                .isEqualTo("TRAILER_COUNT_MISMATCH");
        byte[] good = sample("T02", "MTDOUT_20261123_080000.TXT");
        byte[] undecodable = good.clone();
        undecodable[250] = (byte) 0xD2;
        assertThat(TransferFiles.parse(undecodable, ISO_8859_7, TransferJson.JSON.createArrayNode()))
                .isEqualTo("ENCODING_ERROR");
        String text = new String(good, ISO_8859_7);
        assertThat(TransferFiles.parse(text.substring(0, text.lastIndexOf("T0")).getBytes(ISO_8859_7), ISO_8859_7,
                TransferJson.JSON.createArrayNode())).isEqualTo("NO_TRAILER");
        assertThat(TransferFiles.parse(text.replaceFirst(" \r\n", "\r\n").getBytes(ISO_8859_7), ISO_8859_7,
                TransferJson.JSON.createArrayNode())).isEqualTo("RECORD_LENGTH");
    }

    @Test
    void whatTheSystemCannotHoldIsRefusedNotAltered() throws Exception {
        ArrayNode messages = TransferJson.JSON.createArrayNode();
        TransferFiles.parse(sample("T02", "MTDOUT_20261123_080000.TXT"), ISO_8859_7, messages);
        TransferFiles files = new TransferFiles();
        ObjectNode message = (ObjectNode) messages.get(0);
        assertThat(files.format(message)).hasSize(220);
        ((ObjectNode) message.get("person")).put("surname", "Lefèvre");
        assertThatThrownBy(() -> files.format(message)).isInstanceOfSatisfying(UnwritableTransferException.class,
                e -> assertThat(e.reason() + " " + e.field()).isEqualTo("UNENCODABLE_CHARACTER person.surname"));
        ((ObjectNode) message.get("person")).put("surname", "Α".repeat(41));
        assertThatThrownBy(() -> files.format(message)).isInstanceOfSatisfying(UnwritableTransferException.class,
                e -> assertThat(e.reason()).isEqualTo("FIELD_TOO_LONG"));
    }

    @Test
    void dates() {
        assertThat(Cyymmdd.parse("1261123")).hasToString("2026-11-23");
        assertThat(Cyymmdd.parse("0840714")).hasToString("1984-07-14");
        assertThat(Cyymmdd.format(java.time.LocalDate.of(1999, 5, 4))).isEqualTo("0990504");
    }
}
