package gr.syndesmos.hub.pipeline;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import gr.syndesmos.hub.support.HubRouteTestSupport;
import gr.syndesmos.hub.support.HubTestSupport;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;

/**
 * Several consumers deliver to one destination at once, yet a record's versions never overtake each other: with
 * Diavgeia answering in 5 seconds, a correction published while its original is still being sent waits for it (the
 * broker's message group of the record) instead of going out on a free consumer as a second, new decision. The slow
 * portal holds up no other destination: the regional platform has both versions before the portal has the second.
 */
@CamelSpringBootTest
class DeliveryOrderTest extends HubRouteTestSupport {

    private static final Charset WINDOWS_1253 = Charset.forName("windows-1253");
    private static final String HEADER = "ΑΡ_ΑΠΟΦΑΣΗΣ;ΕΤΟΣ;ΑΡ_ΣΥΝΕΔΡΙΑΣΗΣ;ΗΜ_ΣΥΝΕΔΡΙΑΣΗΣ;ΑΡ_ΘΕΜΑΤΟΣ;ΘΕΜΑ;ΚΩΔ_ΕΙΔΟΥΣ;"
            + "ΥΠΗΡΕΣΙΑ;ΥΠΟΓΡΑΦΩΝ;ΠΟΣΟ;ΑΦΜ_ΔΙΚΑΙΟΥΧΟΥ;ΚΑΤΑΣΤΑΣΗ;ΗΜ_ΤΡΟΠΟΠΟΙΗΣΗΣ";

    @Test
    void aCorrectionWaitsForItsOriginalWhileTheOtherConsumersAreFree() throws Exception {
        assertThat(HubTestSupport.call(HTTP_PORT, "PUT", "/sandbox/diavgeia/mode", "region-admin", "slow")
                .statusCode()).isEqualTo(200);
        Path inbox = data.resolve("inbox").resolve("9318").resolve("council-decisions");

        NotifyBuilder firstIngested = new NotifyBuilder(camelContext).fromRoute("council-decisions.source.9318")
                .whenDone(1).create();
        drop(inbox, "apofaseis_20261201_0900.csv", "ΑΠΟΦΑΣΗ ΠΡΟΕΓΚΡΙΣΗΣ ΠΡΟΜΗΘΕΙΑΣ", "01/12/2026 09:00:00");
        assertThat(firstIngested.matches(60, SECONDS)).as("the original was published").isTrue();

        NotifyBuilder secondIngested = new NotifyBuilder(camelContext).fromRoute("council-decisions.source.9318")
                .whenDone(1).create();
        drop(inbox, "apofaseis_20261201_0905.csv", "ΑΠΟΦΑΣΗ ΠΡΟΕΓΚΡΙΣΗΣ ΠΡΟΜΗΘΕΙΑΣ (ΔΙΟΡΘΩΣΗ)",
                "01/12/2026 09:05:00");
        assertThat(secondIngested.matches(60, SECONDS)).as("the correction was published").isTrue();

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                HubTestSupport.getJson(HTTP_PORT, "/sandbox/regional/received")).hasSize(2));
        assertThat(HubTestSupport.getJson(HTTP_PORT, "/sandbox/diavgeia/received").size())
                .as("the regional platform did not wait for the slow portal").isLessThan(2);

        List<JsonNode> calls = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            calls.clear();
            HubTestSupport.getJson(HTTP_PORT, "/sandbox/diavgeia/received").forEach(calls::add);
            assertThat(calls).hasSize(2);
        });
        assertThat(calls.get(0).path("correction").asBoolean()).as("the original went first").isFalse();
        assertThat(calls.get(1).path("correction").asBoolean()).as("then its correction").isTrue();
        assertThat(calls.get(1).path("ada").asText()).as("correcting the original's ADA")
                .isEqualTo(calls.get(0).path("ada").asText());
    }

    /** One decision (Rethymno's number 100 of 2026) as its system exports it: written aside, then renamed. */
    private static void drop(Path inbox, String name, String subject, String version) throws Exception {
        Files.createDirectories(inbox);
        String row = "100;2026;1;10/01/2026;1;" + subject + ";ΠΡΟΥΠ;Τεχνική Υπηρεσία;Μαρία Χατζηδάκη;;;ΟΡΙΣΤΙΚΗ;"
                + version;
        Path temp = inbox.resolve("." + name + ".part");
        Files.writeString(temp, HEADER + "\r\n" + row + "\r\n", WINDOWS_1253);
        Files.move(temp, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }
}
