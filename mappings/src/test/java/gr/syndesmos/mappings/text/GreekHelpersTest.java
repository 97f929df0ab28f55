package gr.syndesmos.mappings.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GreekHelpersTest {

    @Test
    void matchKeyFoldsAccentsCaseSpacingAndFinalSigma() {
        assertThat(GreekText.matchKey("  Ανάληψη  υποχρέωσης ")).isEqualTo("ΑΝΑΛΗΨΗ ΥΠΟΧΡΕΩΣΗΣ");
        assertThat(GreekText.matchKey("Οδός Ερμού")).isEqualTo(GreekText.matchKey("ΟΔΟΣ ΕΡΜΟΥ"));
        assertThat(GreekText.matchKey("Ϊάσονας")).isEqualTo("ΙΑΣΟΝΑΣ");
        assertThat(GreekText.matchKey("α\u0301")).isEqualTo(GreekText.matchKey("ά"));
        assertThat(GreekText.matchKey("ΠAΠAΔOΠOYΛOΣ")).as("Latin homoglyphs never match")
                .isNotEqualTo(GreekText.matchKey("Παπαδόπουλος"));
    }

    @Test
    void nfcComposesDecomposedAccents() {
        assertThat(GreekText.nfc("α\u0301")).isEqualTo("ά");
    }

    @Test
    void afmCheckDigit() {
        assertThat(Afm.isValid("123456783")).isTrue();
        assertThat(Afm.isValid("090000008")).isTrue();
        assertThat(Afm.isValid("800000002")).isTrue();
        assertThat(Afm.isValid("111111114")).isTrue();
        assertThat(Afm.isValid("123456788")).isFalse();
        assertThat(Afm.isValid("123456780")).isFalse();
        assertThat(Afm.isValid("12345678")).isFalse();
        assertThat(Afm.isValid("1234567890")).isFalse();
        assertThat(Afm.isValid("12345678A")).isFalse();
        assertThat(Afm.isValid("000000000")).as("checksum-valid but refused").isFalse();
        assertThat(Afm.isValid(null)).isFalse();
    }

    @Test
    void legacyAfmsGetTheirLeadingZerosBack() {
        assertThat(Afm.normalizeLegacy("90000008", 9)).isEqualTo("090000008");
        assertThat(Afm.normalizeLegacy("094019245", 9)).isEqualTo("094019245");
        assertThat(Afm.normalizeLegacy("9000000A", 9)).isEqualTo("9000000A");
    }

    @Test
    void personalDataIsMasked() {
        assertThat(PersonalData.maskAfm("094019245")).isEqualTo("09*****45");
        assertThat(PersonalData.maskName("Γεώργιος Παπαδάκης")).isEqualTo("Γ. Π.");
        assertThat(PersonalData.maskName("  Ελένη   Ψαρουδάκη ")).isEqualTo("Ε. Ψ.");
    }
}
