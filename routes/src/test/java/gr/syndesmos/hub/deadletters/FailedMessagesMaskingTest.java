package gr.syndesmos.hub.deadletters;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What an operator without pii-view sees of a failed message that carries a person. */
class FailedMessagesMaskingTest {

    private static Map<String, Object> message(String text) {
        Map<String, Object> message = new HashMap<>();
        message.put("messageID", 7L);
        message.put("text", text);
        return message;
    }

    @Test
    void aTransfersPersonIsMaskedUnlessTheViewerMaySeeIt() {
        String transfer = """
                {"exchangeId":"9310:0000004516","type":"TRANSFER_CONFIRMED","origin":"9325","destination":"9310",
                 "person":{"amka":"15016333781","afm":"875869119","surname":"Lefèvre","givenName":"Ζωή",
                 "fatherName":"Ανδρέας","motherName":"Ιουλία","birthDate":"1963-01-15"},
                 "registration":{"municipalityCode":"9325","communityCode":"93250102","shareNumber":"5120"}}""";
        String masked = FailedMessages.view(message(transfer), false).body();
        assertThat(masked).doesNotContain("15016333781", "875869119", "Lefèvre", "Ζωή", "Ανδρέας", "Ιουλία",
                "1963-01-15").contains("1501*****81", "87*****19", "9310:0000004516");
        assertThat(FailedMessages.view(message(transfer), true).body()).contains("Lefèvre", "15016333781");
    }

    @Test
    void aLegacyAnswerAsItCameIsHidden() {
        String quarantined = """
                {"municipality":"9318","recordType":"certificate-answer","original":"ΜΑΥΡΟΓΙΑΝΝΑΚΗ;ΕΛΕΝΗ"}""";
        assertThat(FailedMessages.view(message(quarantined), false).body()).doesNotContain("ΜΑΥΡΟΓΙΑΝΝΑΚΗ");
    }
}
