package gr.syndesmos.mappings;

import gr.syndesmos.mappings.catalog.FolderMappingCatalog;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MappingCatalogTest {

    private final MappingCatalog catalog = FolderMappingCatalog.fromClasspath();

    @Test
    void theShippedMappingsLoadOnceAndDescribeThemselves() {
        LegacyMapping rethymno = catalog.mapping("9318", "council-decisions");
        assertThat(catalog.mapping("9318", "council-decisions")).isSameAs(rethymno);
        assertThat(rethymno.municipalityCode()).isEqualTo("9318");
        assertThat(rethymno.flow()).isEqualTo("council-decisions");
        assertThat(rethymno.legacySystem()).contains("CSV");
        assertThat(catalog.mapping("9305", "council-decisions").legacySystem()).contains("XML");
        assertThat(catalog.has("9305", "council-decisions")).isTrue();
        assertThat(catalog.has("9999", "council-decisions")).isFalse();
        assertThat(catalog.has("../9318", "council-decisions")).isFalse();
    }

    @Test
    void aMissingMappingIsNamed() {
        assertThatThrownBy(() -> catalog.mapping("9999", "council-decisions"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mappings/9999/council-decisions/mapping.yml");
    }

    @Test
    void aBrokenMappingNamesTheFileAndTheProblem() {
        // src/test/resources/mappings/0001/broken-type: a field with a type the engine does not know.
        assertThatThrownBy(() -> catalog.mapping("0001", "broken-type"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mappings/0001/broken-type/mapping.yml")
                .hasMessageContaining("unknown type money");
        // A typo in a key is an error, not a silently dropped setting.
        assertThatThrownBy(() -> catalog.mapping("0001", "broken-key"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mappings/0001/broken-key/mapping.yml")
                .hasMessageContaining("colum");
    }

    @Test
    void aTargetTheRecordSchemaDoesNotHaveIsRefusedWhenTheMappingLoads() {
        assertThatThrownBy(() -> catalog.mapping("0001", "target-not-in-schema"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mappings/0001/target-not-in-schema/mapping.yml")
                .hasMessageContaining("target /subjct is not a member of council-decision v1");
    }

    @Test
    void anotherFormatsOptionsAreAMistakeNotIgnored() {
        assertThatThrownBy(() -> catalog.mapping("0001", "other-format-options"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mappings/0001/other-format-options/mapping.yml")
                .hasMessageContaining("xml options belong to, and only to, a xml mapping");
    }

    @Test
    void aWriteBackValueTheRecordDoesNotHaveIsRefused() {
        assertThatThrownBy(() -> catalog.mapping("0001", "bad-write-back-value"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mappings/0001/bad-write-back-value/mapping.yml")
                .hasMessageContaining("value /yeer is not a member of council-decision v1");
    }

    @Test
    void aBuiltInMappingServesAFlowWithoutAFile() {
        LegacyMapping sensors = catalog.builtIn("sensor-readings").orElseThrow();

        assertThat(sensors.recordType()).isEqualTo("sensor-reading");
        assertThat(sensors.flow()).isEqualTo("sensor-readings");
        assertThat(catalog.builtIn("council-decisions")).as("council decisions are mapped per municipality").isEmpty();
    }
}
