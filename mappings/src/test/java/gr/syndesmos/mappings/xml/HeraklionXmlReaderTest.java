package gr.syndesmos.mappings.xml;

import gr.syndesmos.schemas.councildecision.CouncilDecision;
import static gr.syndesmos.mappings.Exports.ISO_8859_7;
import static gr.syndesmos.mappings.Exports.apofasi;
import static gr.syndesmos.mappings.Exports.readXml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gr.syndesmos.mappings.Exports;
import gr.syndesmos.mappings.MappedRecord;
import gr.syndesmos.mappings.MappedRecord.Outcome;
import gr.syndesmos.mappings.MappedRecord.Problem;
import gr.syndesmos.mappings.RecordReader;
import gr.syndesmos.mappings.SourceContext;
import gr.syndesmos.mappings.UnreadableFileException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeraklionXmlReaderTest {

    private static UnreadableFileException refusal(byte[] bytes, List<MappedRecord> returned) {
        try (RecordReader reader = Exports.heraklion().open(new ByteArrayInputStream(bytes),
                SourceContext.of("t.xml", "9305", Exports.HERAKLION))) {
            while (reader.hasNext()) {
                returned.add(reader.next());
            }
        } catch (UnreadableFileException e) {
            return e;
        }
        throw new AssertionError("the file was not refused");
    }

    private static String typeOf(String eidos) {
        MappedRecord r = readXml(apofasi(245, eidos, "")).get(0);
        if (r.outcome() == Outcome.VALID) {
            return r.as(CouncilDecision.class).decisionTypeId();
        }
        return r.problems().stream().map(Problem::code).toList().toString();
    }

    @Test
    void aRecordBecomesAFullCanonicalRecord() {
        MappedRecord r = readXml(apofasi(245, "Έγκριση δαπάνης", "")).get(0);
        assertThat(r.outcome()).as(r.problems().toString()).isEqualTo(Outcome.VALID);
        assertThat(r.line()).isEqualTo(3);
        assertThat(r.legacyId()).isEqualTo("ΔΣ-2026-0245");
        assertThat(r.as(CouncilDecision.class).source().recordId()).isEqualTo("ΔΣ-2026-0245");
        assertThat(r.as(CouncilDecision.class).subject()).isEqualTo("Έγκριση δαπάνης & προμήθεια");
        assertThat(r.as(CouncilDecision.class).decisionTypeId()).isEqualTo("Β.2.1");
        assertThat(r.as(CouncilDecision.class).meeting().number()).isEqualTo(18);
        assertThat(r.as(CouncilDecision.class).meeting().agendaItem()).isEqualTo(3);
        assertThat(r.as(CouncilDecision.class).beneficiaryName()).isEqualTo("ΗΛΕΚΤΡΙΚΗ ΚΡΗΤΗΣ Α.Ε.");
        assertThat(r.as(CouncilDecision.class).beneficiaryAfm()).isEqualTo("094019245");
        assertThat(r.as(CouncilDecision.class).signers()).containsExactly("Γεώργιος Παπαδάκης");
        assertThat(r.as(CouncilDecision.class).amount().value()).isEqualByComparingTo("12345.67");
    }

    @Test
    void labelsMatchWhateverTheirCaseAccentsAndSpacing() {
        assertThat(typeOf("ΑΝΑΛΗΨΗ ΥΠΟΧΡΕΩΣΗΣ")).isEqualTo("Β.1.3");
        assertThat(typeOf("Ανάληψη  υποχρέωσης")).isEqualTo("Β.1.3");
        assertThat(typeOf("ανάληψη υποχρέωσης")).isEqualTo("Β.1.3");
        assertThat(typeOf("  ανάληψη\n υποχρέωσης ")).isEqualTo("Β.1.3");
        assertThat(typeOf("ανάληψη υποχρεώσεως")).isEqualTo("[unknown-type]");
        assertThat(typeOf("Ισολογισμός &#8211; Απολογισμός")).isEqualTo("Β.3");
        assertThat(typeOf("Ισολογισμός - Απολογισμός")).isEqualTo("[unknown-type]");
        // 2.4.7 (a group, not allowed in decisions) shares its label with 2.4.7.1.
        assertThat(typeOf("Λοιπές ατομικές διοικητικές πράξεις")).isEqualTo("2.4.7.1");
    }

    @Test
    void severalSignersAreKeptInOrder() {
        String two = apofasi(1, "Διορισμός", "").replace("      <ypografon>Γεώργιος Παπαδάκης</ypografon>\n",
                "      <ypografon>Γεώργιος Παπαδάκης</ypografon>\n      <ypografon>Ελένη Ψαρουδάκη</ypografon>\n");
        assertThat(readXml(two).get(0).as(CouncilDecision.class).signers())
                .containsExactly("Γεώργιος Παπαδάκης", "Ελένη Ψαρουδάκη");
    }

    @Test
    void unknownElementsAndAttributesAreIgnored() {
        String record = apofasi(1, "Διορισμός", "    <psifoforia yper=\"21\" kata=\"4\" apoxi=\"2\"/>\n"
                + "    <nea><vathia><domi>x</domi></vathia></nea>\n").replace("<arithmos>", "<arithmos neo=\"1\">");
        String file = "    <metadata ekdosi=\"2\"/>\n" + record;
        List<MappedRecord> records = readXml(file);
        assertThat(records).singleElement().extracting(MappedRecord::outcome).isEqualTo(Outcome.VALID);
    }

    @Test
    void aBadAfmAndOptionalPartsAreHandled() {
        MappedRecord bad = readXml(apofasi(1, "Διορισμός", "").replace("094019245", "094019246")).get(0);
        assertThat(bad.problems()).extracting(Problem::code).containsExactly("bad-afm");
        assertThat(bad.problems().get(0).message()).doesNotContain("094019246").doesNotContain("ΗΛΕΚΤΡΙΚΗ");
        String bare = apofasi(2, "Διορισμός", "")
                .replace("    <poso nomisma=\"EUR\">12345.67</poso>\n", "")
                .replace("    <dikaiouxos afm=\"094019245\">ΗΛΕΚΤΡΙΚΗ ΚΡΗΤΗΣ Α.Ε.</dikaiouxos>\n", "");
        MappedRecord r = readXml(bare).get(0);
        assertThat(r.outcome()).isEqualTo(Outcome.VALID);
        assertThat(r.as(CouncilDecision.class).amount()).isNull();
        assertThat(r.as(CouncilDecision.class).beneficiaryAfm()).isNull();
        assertThat(r.as(CouncilDecision.class).beneficiaryName()).isNull();
    }

    @Test
    void draftsAreSkippedWithTheirIdentity() {
        MappedRecord r = readXml(apofasi(7, "ΚΑΤΙ ΑΓΝΩΣΤΟ", "").replace("ΟΡΙΣΤΙΚΗ", "ΠΡΟΣΧΕΔΙΟ")).get(0);
        assertThat(r.outcome()).isEqualTo(Outcome.DRAFT);
        assertThat(r.legacyId()).isEqualTo("ΔΣ-2026-07");
        assertThat(r.recordId()).isEqualTo("9305-council-decision-2026-7");
        assertThat(r.version()).isNotNull();
    }

    @Test
    void aDoctypeWithAnExternalEntityIsRefusedBeforeAnyRecord(@TempDir Path dir) throws Exception {
        Path canary = dir.resolve("canary.txt");
        Files.writeString(canary, "CANARY-SECRET");
        String xml = "<?xml version=\"1.0\" encoding=\"ISO-8859-7\"?>\n"
                + "<!DOCTYPE r [<!ENTITY x SYSTEM \"" + canary.toUri() + "\">]>\n"
                + "<exportApofaseon dimos=\"9305\">\n" + apofasi(1, "Διορισμός", "").replace("Έγκριση δαπάνης", "&x;")
                + "</exportApofaseon>\n";
        List<MappedRecord> returned = new ArrayList<>();
        UnreadableFileException e = refusal(xml.getBytes(ISO_8859_7), returned);
        assertThat(e.code()).isEqualTo("doctype");
        assertThat(returned).isEmpty();
        assertThat(e.getMessage()).doesNotContain("CANARY-SECRET");
    }

    @Test
    void billionLaughsIsRefusedAsADoctype() {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n");
        for (int i = 1; i <= 9; i++) {
            xml.append(" <!ENTITY lol").append(i).append(" \"")
                    .append(("&lol" + (i == 1 ? "" : i - 1) + ";").repeat(10)).append("\">\n");
        }
        xml.append("]>\n<exportApofaseon dimos=\"9305\"><apofasi id=\"x\"><thema>&lol9;</thema></apofasi>"
                + "</exportApofaseon>");
        List<MappedRecord> returned = new ArrayList<>();
        assertThat(refusal(xml.toString().getBytes(StandardCharsets.US_ASCII), returned).code())
                .isEqualTo("doctype");
        assertThat(returned).isEmpty();
    }

    @Test
    void aGadgetInsideARecordIsPlainDataAndInstantiatesNothing() {
        int constructed = Canary.CONSTRUCTED.get();
        int invoked = Canary.INVOKED.get();
        String gadget = "    <extra class=\"dynamic-proxy\">\n"
                + "      <interface>java.lang.Runnable</interface>\n"
                + "      <handler class=\"java.beans.EventHandler\">\n"
                + "        <target class=\"" + Canary.class.getName() + "\"/>\n"
                + "        <action>exec</action>\n"
                + "      </handler>\n"
                + "    </extra>\n";
        List<MappedRecord> records = readXml(apofasi(1, "Διορισμός", gadget));
        assertThat(records).singleElement().extracting(MappedRecord::outcome).isEqualTo(Outcome.VALID);
        records.get(0).as(CouncilDecision.class).toString(); // touch the record, as a later step would
        assertThat(Canary.CONSTRUCTED.get()).isEqualTo(constructed);
        assertThat(Canary.INVOKED.get()).isEqualTo(invoked);
    }

    @Test
    void aTypeAttributeOnTheRecordElementRefusesTheFile() {
        int constructed = Canary.CONSTRUCTED.get();
        for (String type : new String[] {Canary.class.getName(), "java.lang.ProcessBuilder", "dynamic-proxy"}) {
            String xml = apofasi(1, "Διορισμός", "") + apofasi(2, "Διορισμός", "")
                    .replace("<apofasi id=", "<apofasi class=\"" + type + "\" id=");
            List<MappedRecord> returned = new ArrayList<>();
            UnreadableFileException e = refusal(Exports.xml(xml), returned);
            assertThat(e.code()).as(type).isEqualTo("forbidden-type");
            assertThat(returned).hasSize(1);
        }
        assertThat(Canary.CONSTRUCTED.get()).isEqualTo(constructed);
    }

    @Test
    void aRecordTypedAsTheOnlyAllowedTypeIsReadThroughTheAllowList() {
        String xml = apofasi(1, "Διορισμός", "").replace("<apofasi id=",
                "<apofasi class=\"" + LegacyXmlRecord.class.getName() + "\" id=");
        List<MappedRecord> records = readXml(xml);
        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.outcome()).as(r.problems().toString()).isEqualTo(Outcome.VALID);
            assertThat(r.as(CouncilDecision.class).subject()).isEqualTo("Έγκριση δαπάνης & προμήθεια");
            assertThat(r.legacyId()).isEqualTo("ΔΣ-2026-01");
        });
    }

    @Test
    void nestingDeeperThanTheLimitRefusesTheFileEvenWhereTheMappingReadsNothing() {
        String deep = "<x>".repeat(LegacyXmlRecordConverter.MAX_DEPTH + 2) + "1"
                + "</x>".repeat(LegacyXmlRecordConverter.MAX_DEPTH + 2);
        List<MappedRecord> returned = new ArrayList<>();
        UnreadableFileException e = refusal(Exports.xml(apofasi(1, "Διορισμός", "")
                + apofasi(2, "Διορισμός", deep)), returned);
        assertThat(e.code()).isEqualTo("malformed");
        assertThat(e.getMessage()).contains("nests deeper than " + LegacyXmlRecordConverter.MAX_DEPTH);
        assertThat(returned).hasSize(1);
    }

    @Test
    void aTruncatedFileYieldsItsCompleteRecordsThenTruncated() {
        byte[] whole = Exports.xml(apofasi(1, "Διορισμός", "") + apofasi(2, "Διορισμός", "")
                + apofasi(3, "Διορισμός", ""));
        String text = new String(whole, ISO_8859_7);
        int cut = text.indexOf("<arithmos>3</arithmos>") + 6; // inside the third record's <arithmos>
        byte[] truncated = Arrays.copyOf(whole, cut);
        List<MappedRecord> returned = new ArrayList<>();
        UnreadableFileException e = refusal(truncated, returned);
        assertThat(e.code()).isEqualTo("truncated");
        assertThat(e.getMessage()).contains("line 34"); // records are 15 lines from line 3: the third one's <arithmos>
        assertThat(returned).extracting(MappedRecord::recordId).containsExactly(
                "9305-council-decision-2026-1", "9305-council-decision-2026-2");
        assertThat(returned).extracting(MappedRecord::outcome).containsOnly(Outcome.VALID);
    }

    @Test
    void malformedXmlIsRefused() {
        byte[] broken = Exports.xml(apofasi(1, "Διορισμός", "").replace("</etos>", "</etoss>")
                + apofasi(2, "Διορισμός", "") + "<!-- padding -->\n".repeat(2000));
        List<MappedRecord> returned = new ArrayList<>();
        assertThat(refusal(broken, returned).code()).isEqualTo("malformed");
        assertThat(returned).isEmpty();
    }

    @Test
    void aFileOfAnotherMunicipalityIsRefused() {
        byte[] other = Exports.xml(apofasi(1, "Διορισμός", "")).clone();
        String text = new String(other, ISO_8859_7).replace("dimos=\"9305\"", "dimos=\"9170\"");
        List<MappedRecord> returned = new ArrayList<>();
        UnreadableFileException e = refusal(text.getBytes(ISO_8859_7), returned);
        assertThat(e.code()).isEqualTo("wrong-municipality");
        assertThat(e.getMessage()).contains("9170");
        assertThat(returned).isEmpty();
    }

    @Test
    void anEmptyFileIsRefusedAsEmpty() {
        assertThatThrownBy(() -> readXmlBytes(new byte[0])).isInstanceOfSatisfying(UnreadableFileException.class,
                e -> assertThat(e.code()).isEqualTo("empty"));
    }

    @Test
    void anExportWithoutRecordsHasNone() {
        assertThat(readXml("")).isEmpty();
    }

    private static List<MappedRecord> readXmlBytes(byte[] bytes) {
        return Exports.readAll(Exports.heraklion(), new ByteArrayInputStream(bytes), "t.xml", Exports.HERAKLION);
    }
}
