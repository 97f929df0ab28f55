package gr.syndesmos.mappings.engine;

import static org.assertj.core.api.Assertions.assertThat;

import gr.syndesmos.schemas.CanonicalJson;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The translator's direct JSON of a converted value is exactly what the canonical mapper would make of it. */
class RecordTranslatorTreeTest {

    @Test
    void everyConvertedValueBecomesTheSameJsonAsThroughTheCanonicalMapper() throws Exception {
        List<Object> values = List.of("Ρεθύμνης «Βυρού»", "", 100, 2_147_483_648L, new BigDecimal("23473.90"),
                new BigDecimal("1E+3"), new BigDecimal("0.00"), true, List.of("Μαρία Χατζηδάκη", "Γεώργιος"),
                List.of(), LocalDate.of(2026, 1, 10), OffsetDateTime.of(2026, 11, 1, 9, 0, 0, 0, ZoneOffset.ofHours(2)));
        for (Object value : values) {
            assertThat(CanonicalJson.mapper().writeValueAsString(RecordTranslator.tree(value)))
                    .as(value.getClass().getSimpleName() + " " + value)
                    .isEqualTo(CanonicalJson.mapper().writeValueAsString(CanonicalJson.mapper().valueToTree(value)));
        }
    }
}
