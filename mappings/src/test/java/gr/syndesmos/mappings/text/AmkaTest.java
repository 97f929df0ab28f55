package gr.syndesmos.mappings.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The AMKA's form, date and check digit, with the AMKAs of the gov.gr certificate samples. */
class AmkaTest {

    @Test
    void theSamplesValidAmkasPass() {
        // Requests 04, 05, 08 and 09 of samples/govgr: valid AMKAs of people who are, or are not, on record.
        for (String amka : new String[] {"22056790870", "11087587116", "27018828197", "08048004876"}) {
            assertThat(Amka.check(amka)).as(amka).isEqualTo(Amka.Check.VALID);
        }
    }

    @Test
    void aWrongLuhnDigitIsACheckDigitError() {
        // Request 11: 27018828197 with its last digit changed.
        assertThat(Amka.check("27018828198")).isEqualTo(Amka.Check.INVALID_CHECK_DIGIT);
    }

    @Test
    void theDateIsCheckedBeforeTheCheckDigit() {
        // Request 12: 31/02/80, with a Luhn digit that is right.
        assertThat(Amka.check("31028004575")).isEqualTo(Amka.Check.INVALID_DATE);
        assertThat(Amka.birthDates("31028004575")).isEmpty();
    }

    @Test
    void aBirthDateMayBeInEitherCenturyWhereItIsReal() {
        assertThat(Amka.birthDates("22056790870")).containsExactly(LocalDate.of(1967, 5, 22), LocalDate.of(2067, 5, 22));
        // 29 February 2000 is a date; 29 February 1900 is not (a century year that is not a leap year).
        assertThat(Amka.birthDates("29020000000")).containsExactly(LocalDate.of(2000, 2, 29));
    }

    @Test
    void anythingButElevenDigitsIsAFormatError() {
        assertThat(Amka.check(null)).isEqualTo(Amka.Check.INVALID_FORMAT);
        assertThat(Amka.check("2205679087")).isEqualTo(Amka.Check.INVALID_FORMAT);
        assertThat(Amka.check("220567908701")).isEqualTo(Amka.Check.INVALID_FORMAT);
        assertThat(Amka.check("2205679087O")).isEqualTo(Amka.Check.INVALID_FORMAT);
        assertThat(Amka.check("２２056790870")).as("full-width digits").isEqualTo(Amka.Check.INVALID_FORMAT);
    }

    @Test
    void aMaskedAmkaKeepsTheDayMonthAndTheLastTwoDigits() {
        assertThat(PersonalData.maskAmka("22056790870")).isEqualTo("2205*****70");
        assertThat(PersonalData.maskAmka("123")).isEqualTo("***");
        assertThat(PersonalData.maskAmka(null)).isNull();
    }
}
