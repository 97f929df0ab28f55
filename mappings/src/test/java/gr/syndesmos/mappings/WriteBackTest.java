package gr.syndesmos.mappings;

import static org.assertj.core.api.Assertions.assertThat;

import gr.syndesmos.mappings.WriteBackFormat.Answer;
import gr.syndesmos.mappings.xml.SafeXml;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamReader;
import org.junit.jupiter.api.Test;

class WriteBackTest {

    /** 18:05 in Athens (winter time, +02:00), given in UTC as the portal answers. */
    private static final OffsetDateTime PUBLISHED = OffsetDateTime.of(2026, 11, 20, 16, 5, 0, 0, ZoneOffset.UTC);
    private static final List<Answer> ADAS = List.of(
            Exports.answer(null, 2026, 245, "Ω82ΦΝ-Ρ3Ε", PUBLISHED),
            Exports.answer("ΔΣ-2026-0246", 2026, 246, "ΨΛ7Κ46ΜΤΛΡ-1ΑΒ", PUBLISHED.plusMinutes(1)));

    @Test
    void rethymnoGetsAWindows1253CsvWithCrlf() throws Exception {
        WriteBackFormat format = Exports.rethymno().writeBack().orElseThrow();
        assertThat(format.fileName(LocalDateTime.of(2026, 11, 20, 18, 5, 0))).isEqualTo("ada_20261120_180500.csv");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        format.write(ADAS, out);
        String text = out.toString(Exports.CP1253);
        assertThat(text).isEqualTo("ΑΡ_ΑΠΟΦΑΣΗΣ;ΕΤΟΣ;ΑΔΑ;ΗΜ_ΑΝΑΡΤΗΣΗΣ\r\n"
                + "245;2026;Ω82ΦΝ-Ρ3Ε;20/11/2026 18:05:00\r\n"
                + "246;2026;ΨΛ7Κ46ΜΤΛΡ-1ΑΒ;20/11/2026 18:06:00\r\n");
        assertThat(out.toByteArray()).as("one byte per Greek capital: not UTF-8").hasSize(text.length());
    }

    @Test
    void heraklionGetsAUtf8XmlList() throws Exception {
        WriteBackFormat format = Exports.heraklion().writeBack().orElseThrow();
        assertThat(format.fileName(LocalDateTime.of(2026, 11, 20, 18, 5, 0))).isEqualTo("ada_20261120T180500.xml");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        format.write(List.of(ADAS.get(1), Exports.answer("Α<&\"Β", 2026, 1, "ΑΔΑ-1", PUBLISHED)), out);
        XMLStreamReader xml = SafeXml.inputFactory().createXMLStreamReader(new ByteArrayInputStream(out.toByteArray()));
        assertThat(xml.getCharacterEncodingScheme()).isEqualToIgnoringCase("UTF-8");
        List<String> seen = new ArrayList<>();
        while (xml.hasNext()) {
            if (xml.next() == XMLStreamConstants.START_ELEMENT) {
                if (xml.getLocalName().equals("adaList")) {
                    seen.add("list");
                } else {
                    seen.add(xml.getAttributeValue(null, "apofasi") + "|" + xml.getAttributeValue(null, "etos") + "|"
                            + xml.getAttributeValue(null, "arithmos") + "|" + xml.getAttributeValue(null, "ada")
                            + "|" + xml.getAttributeValue(null, "anartisi"));
                }
            }
        }
        assertThat(seen).containsExactly("list",
                "ΔΣ-2026-0246|2026|246|ΨΛ7Κ46ΜΤΛΡ-1ΑΒ|2026-11-20T18:06:00",
                "Α<&\"Β|2026|1|ΑΔΑ-1|2026-11-20T18:05:00");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("<adaList>").contains("&lt;&amp;");
    }
}
