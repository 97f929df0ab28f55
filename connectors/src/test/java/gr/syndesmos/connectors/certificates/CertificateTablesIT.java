package gr.syndesmos.connectors.certificates;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gr.syndesmos.connectors.db.LoopbackTcpProxy;
import gr.syndesmos.connectors.db.RequiredServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The certificate-tables connector against the machine's PostgreSQL, in a database made as Heraklion's is
 * (ISO_8859_7) and loaded with the shared samples' seed and grants: the municipality's checks in their order, one
 * certificate per request, and a database that is down or too slow answered as unavailable within the deadline.
 */
class CertificateTablesIT {

    private static final String DATABASE = "syndesmos_connector_it_9305";
    private static final String ADMIN = "jdbc:postgresql://127.0.0.1:5432/";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDateTime ASKED = LocalDateTime.parse("2026-11-23T09:30:00");

    static CertificateTables tables;

    @BeforeAll
    static void database() throws Exception {
        RequiredServer.assumeListening("PostgreSQL", "127.0.0.1", 5432);
        try (Connection admin = DriverManager.getConnection(ADMIN + "postgres", "postgres", null);
                Statement sql = admin.createStatement()) {
            sql.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
            sql.execute("CREATE DATABASE " + DATABASE + " ENCODING 'ISO_8859_7' LC_COLLATE 'C' LC_CTYPE 'C' "
                    + "TEMPLATE template0");
            sql.execute("DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'hub_ked') THEN "
                    + "ALTER ROLE hub_ked LOGIN; END IF; END $$");
        }
        try (Connection registers = DriverManager.getConnection(ADMIN + DATABASE, "postgres", null);
                Statement sql = registers.createStatement()) {
            sql.execute(Files.readString(Path.of("../samples/govgr/heraklion/heraklion_seed.sql")));
        }
        tables = new CertificateTables();
        tables.setJdbcUrl(ADMIN + DATABASE);
        tables.setUser("hub_ked");
    }

    @AfterAll
    static void close() {
        if (tables != null) {
            tables.stop();
        }
    }

    static CertificateQuestion tap(String id, String afm, String supply) {
        return new CertificateQuestion(id, "9305", CertificateQuestion.Kind.TAP, afm, supply, null, List.of(), ASKED,
                Instant.now().plusSeconds(9));
    }

    static CertificateQuestion residence(String id, String amka, List<Integer> years) {
        return new CertificateQuestion(id, "9305", CertificateQuestion.Kind.RESIDENCE, null, null, amka, years,
                ASKED, Instant.now().plusSeconds(9));
    }

    static JsonNode answer(CertificateTables connector, CertificateQuestion question) throws Exception {
        return JSON.readTree(connector.answer(question).json());
    }

    @Test
    void theMunicipalitysChecksInTheirOrder() throws Exception {
        JsonNode issued = answer(tables, tap("01JDC0000000000000000000A1", "187192608", "713488210"));
        assertThat(issued.path("outcome").asText()).isEqualTo("ISSUED");
        assertThat(issued.path("certificate").path("certificateNumber").asText()).matches("ΚΕΔ-ΤΑΠ-2026-\\d{6}");
        assertThat(issued.path("certificate").path("holder").path("surname").asText())
                .as("names as the registry writes them, through an ISO_8859_7 database").isEqualTo("Κουτεντάκης");
        assertThat(issued.path("certificate").path("property").path("areaSqm").decimalValue())
                .isEqualByComparingTo("78");
        assertThat(answer(tables, tap("01JDC0000000000000000000A2", "304392262", "713502947"))
                .path("refusalReason").asText()).isEqualTo("DECLARATION_INCOMPLETE");
        assertThat(answer(tables, tap("01JDC0000000000000000000A3", "615881478", "713577061"))
                .path("refusalReason").asText()).isEqualTo("DEBTS_EXIST");
        assertThat(answer(tables, tap("01JDC0000000000000000000A4", "615881478", "713488210"))
                .path("outcome").asText()).as("an owner of another property").isEqualTo("NOT_FOUND");
        JsonNode resident = answer(tables, residence("01JDC0000000000000000000A5", "27018828197",
                List.of(2024, 2025)));
        assertThat(resident.path("certificate").path("years").toString()).isEqualTo("[2024,2025]");
        assertThat(resident.path("certificate").path("address").path("street").asText()).isEqualTo("Έβανς");
        assertThat(answer(tables, residence("01JDC0000000000000000000A6", "19067318634", List.of(2024)))
                .path("refusalReason").asText()).as("left in August 2024").isEqualTo("NOT_RESIDENT_IN_PERIOD");
        assertThat(answer(tables, residence("01JDC0000000000000000000A7", "21119202238", List.of(2018, 2019)))
                .path("refusalReason").asText()).as("resident since June 2019").isEqualTo("NOT_RESIDENT_IN_PERIOD");
        assertThat(answer(tables, residence("01JDC0000000000000000000A8", "11087587116", List.of(2025)))
                .path("outcome").asText()).isEqualTo("NOT_FOUND");
    }

    @Test
    void aQuestionAskedTwiceGivesOneCertificate() throws Exception {
        CertificateQuestion question = tap("01JDC0000000000000000000B1", "841335943", "713610385");
        String first = answer(tables, question).path("certificate").path("certificateNumber").asText();
        String again = answer(tables, question).path("certificate").path("certificateNumber").asText();
        assertThat(again).isEqualTo(first);
        try (Connection registers = DriverManager.getConnection(ADMIN + DATABASE, "postgres", null);
                Statement sql = registers.createStatement();
                ResultSet rows = sql.executeQuery("SELECT count(*) FROM ked.vevaioseis WHERE aitima_hub = "
                        + "'01JDC0000000000000000000B1'")) {
            rows.next();
            assertThat(rows.getInt(1)).isEqualTo(1);
        }
    }

    @Test
    void aDatabaseDownOrTooSlowIsUnavailableWithinTheDeadline() throws Exception {
        try (LoopbackTcpProxy proxy = LoopbackTcpProxy.to("127.0.0.1", 5432)) {
            CertificateTables throughProxy = new CertificateTables();
            throughProxy.setJdbcUrl("jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + DATABASE);
            throughProxy.setUser("hub_ked");
            try {
                assertThat(answer(throughProxy, tap("01JDC0000000000000000000C1", "187192608", "713488210"))
                        .path("status").asText()).isEqualTo("ANSWERED");
                proxy.delayEachChunk(15_000);
                // Its answer would come after 15 s, long after the caller's deadline: given up, not waited for.
                CertificateQuestion slow = new CertificateQuestion("01JDC0000000000000000000C2", "9305",
                        CertificateQuestion.Kind.TAP, "187192608", "713488210", null, List.of(), ASKED,
                        Instant.now().plusSeconds(4));
                JsonNode late = answer(throughProxy, slow);
                assertThat(late.path("status").asText()).isEqualTo("UNAVAILABLE");
                proxy.delayEachChunk(0);
                proxy.stop();
                // A connector started while the database refuses connections.
                CertificateTables refused = new CertificateTables();
                refused.setJdbcUrl("jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + DATABASE);
                refused.setUser("hub_ked");
                try {
                    JsonNode down = answer(refused, tap("01JDC0000000000000000000C3", "187192608", "713488210"));
                    assertThat(down.path("status").asText()).isEqualTo("UNAVAILABLE");
                    assertThat(down.path("problem").asText()).doesNotContain("187192608");
                } finally {
                    refused.stop();
                }
            } finally {
                throughProxy.stop();
            }
        }
    }
}
