package gr.syndesmos.mappings;

import gr.syndesmos.mappings.catalog.FolderMappingCatalog;
import gr.syndesmos.schemas.councildecision.CouncilDecision;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gr.syndesmos.mappings.MappedRecord.Outcome;
import gr.syndesmos.mappings.destinations.DiavgeiaMetadataMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One mapping folder, several municipalities; mappings from the hub's configuration folder; reader options. */
class ReuseAcrossMunicipalitiesTest {

    @Test
    void aNeighbourUsingRethymnosMappingGetsRecordsOfItsOwn() {
        List<MappedRecord> records = Exports.readAll(Exports.rethymno(),
                new ByteArrayInputStream(Exports.csv(Exports.row(245))),
                SourceContext.of("apofaseis.csv", "9319", "Γειτονικού Δήμου"));
        MappedRecord r = records.get(0);
        assertThat(r.outcome()).isEqualTo(Outcome.VALID);
        assertThat(r.recordId()).isEqualTo("9319-council-decision-2026-245");
        assertThat(r.as(CouncilDecision.class).municipality().code()).isEqualTo("9319");
        assertThat(r.as(CouncilDecision.class).municipality().name()).isEqualTo("Γειτονικού Δήμου");
        assertThat(r.as(CouncilDecision.class).source().file()).isEqualTo("apofaseis.csv");
    }

    @Test
    void heraklionsMappingForAnotherMunicipalityRefusesAFileWhoseRootSays9305() {
        byte[] xml = Exports.xml(Exports.apofasi(245, "Έγκριση δαπάνης", ""));
        assertThatThrownBy(() -> Exports.readAll(Exports.heraklion(), new ByteArrayInputStream(xml),
                SourceContext.of("t.xml", "9306", "Άλλου Δήμου")))
                .isInstanceOfSatisfying(UnreadableFileException.class, e -> {
                    assertThat(e.code()).isEqualTo("wrong-municipality");
                    assertThat(e.getMessage()).contains("9305").contains("9306");
                });
        assertThatThrownBy(() -> Exports.heraklion().open(new ByteArrayInputStream(xml),
                SourceContext.of("t.xml", "9305", Exports.HERAKLION).withReaderOptions(Map.of("charset", "UTF-8"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown reader options [charset]");
    }

    @Test
    void aCsvWithoutHeaderLineTakesItsColumnNamesFromTheOptions() {
        String names = Exports.HEADER.replace(';', ',');
        byte[] noHeader = (Exports.row(245).replace(';', '|') + "\r\n" + Exports.row(246).replace(';', '|') + "\r\n")
                .getBytes(Exports.CP1253);
        List<MappedRecord> records = Exports.readAll(Exports.rethymno(), new ByteArrayInputStream(noHeader),
                SourceContext.of("x.csv", "9318", Exports.RETHYMNO)
                        .withReaderOptions(Map.of("headerNames", names, "delimiter", "|")));
        assertThat(records).extracting(MappedRecord::recordId)
                .containsExactly("9318-council-decision-2026-245", "9318-council-decision-2026-246");
        assertThat(records).extracting(MappedRecord::line).containsExactly(1, 2);
        assertThat(records.get(0).as(CouncilDecision.class).subject()).isEqualTo("Έγκριση δαπάνης");

        byte[] utf8 = new String(Exports.csv(Exports.row(245)), Exports.CP1253).getBytes(StandardCharsets.UTF_8);
        List<MappedRecord> fromUtf8 = Exports.readAll(Exports.rethymno(), new ByteArrayInputStream(utf8),
                SourceContext.of("x.csv", "9318", Exports.RETHYMNO).withReaderOptions(Map.of("charset", "UTF-8")));
        assertThat(fromUtf8.get(0).as(CouncilDecision.class).subject()).isEqualTo("Έγκριση δαπάνης");

        assertThatThrownBy(() -> Exports.rethymno().open(new ByteArrayInputStream(utf8),
                SourceContext.of("x.csv", "9318", Exports.RETHYMNO).withReaderOptions(Map.of("sheet", "1"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[sheet]");
        assertThatThrownBy(() -> Exports.rethymno().open(new ByteArrayInputStream(utf8),
                SourceContext.of("x.csv", "9318", Exports.RETHYMNO).withReaderOptions(Map.of("delimiter", ";;"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("delimiter");
    }

    @Test
    void theLoaderChecksTheLayoutAndItsFieldNames() {
        MappingCatalog catalog = FolderMappingCatalog.fromClasspath();
        assertThatThrownBy(() -> catalog.mapping("0001", "broken-layout"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mappings/0001/broken-layout/mapping.yml")
                .hasMessageContaining("field subject: column THEM is not a field of record D in "
                        + "mappings/0001/broken-layout/layout.csv");
        assertThatThrownBy(() -> catalog.mapping("0001", "missing-layout"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mappings/0001/missing-layout/layout.csv does not exist");
    }

    @Test
    void aMappingInAnExtraFolderWinsOverTheClasspath(@TempDir Path config) throws IOException {
        Path rethymno = config.resolve("mappings/9318/council-decisions");
        Files.createDirectories(rethymno);
        for (String name : List.of("mapping.yml", "kind-codes.csv")) {
            try (InputStream in = Exports.resource("mappings/9318/council-decisions/" + name)) {
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                if (name.equals("mapping.yml")) {
                    text = text.replace("(CSV export)", "(CSV export, configured)");
                }
                Files.writeString(rethymno.resolve(name), text);
            }
        }
        MappingCatalog catalog = FolderMappingCatalog.withFolders(List.of(config.resolve("mappings")));
        assertThat(catalog.mapping("9318", "council-decisions").legacySystem()).endsWith("configured)");
        assertThat(catalog.mapping("9305", "council-decisions").legacySystem()).contains("XML");
        assertThat(catalog.has("9318", "council-decisions")).isTrue();
        assertThat(FolderMappingCatalog.fromClasspath().mapping("9318", "council-decisions").legacySystem())
                .doesNotContain("configured");

        // Broken in the folder: the message names the file by its path.
        Path broken = config.resolve("mappings/9320/council-decisions");
        Files.createDirectories(broken);
        Files.writeString(broken.resolve("mapping.yml"), Files.readString(rethymno.resolve("mapping.yml"))
                .replace("\"9318\"", "\"9320\"").replace("kind-codes.csv", "../../../kind-codes.csv"));
        assertThatThrownBy(() -> catalog.mapping("9320", "council-decisions"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(broken.resolve("mapping.yml").toString())
                .hasMessageContaining("must be a file name beside mapping.yml");
    }

    @Test
    void diavgeiaIdsMayComeFromAFolderToo(@TempDir Path config) throws IOException {
        Path folder = config.resolve("mappings/9319/council-decisions");
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("diavgeia.yml"), """
                organizationId: "99999"
                thematicCategoryIds: ["20"]
                units: { "Δημοτικό Συμβούλιο": "1" }
                signers: { "Μαρία Χατζηδάκη": "2" }
                """);
        MappedRecord r = Exports.readAll(Exports.rethymno(), new ByteArrayInputStream(Exports.csv(Exports.row(245)
                        .replace("Οικονομική Υπηρεσία", "Δημοτικό Συμβούλιο"))),
                SourceContext.of("a.csv", "9319", "Γειτονικού Δήμου")).get(0);
        var metadata = DiavgeiaMetadataMapper.load("9319", List.of(config.resolve("mappings")))
                .toMetadata(r.as(CouncilDecision.class));
        assertThat(metadata.get("organizationId").asText()).isEqualTo("99999");
        assertThat(DiavgeiaMetadataMapper.load("9318", List.of(config.resolve("mappings")))).isNotNull();

        Files.writeString(folder.resolve("diavgeia.yml"), "organizationId: \"1\"\n");
        assertThatThrownBy(() -> DiavgeiaMetadataMapper.load("9319", List.of(config.resolve("mappings"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(folder.resolve("diavgeia.yml").toString());
    }
}
