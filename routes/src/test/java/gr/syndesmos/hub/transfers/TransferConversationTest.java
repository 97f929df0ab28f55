package gr.syndesmos.hub.transfers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import gr.syndesmos.hub.evidence.EvidenceLog;
import gr.syndesmos.hub.registers.OfficialRegisters;
import gr.syndesmos.hub.sandbox.transfers.MasterFile;
import gr.syndesmos.hub.sandbox.transfers.RegistryRecord;
import gr.syndesmos.hub.sandbox.transfers.RegistryRules;
import gr.syndesmos.hub.settings.HubClock;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The residence transfers of the shared samples ({@code samples/residence-transfer/}), replayed in order on the
 * hub's journal and rules, with both registries answering by the registry rules from their seeds: for each example
 * what the hub did, the exchange's state and journal, what each municipality received (types and reasons), the dead
 * letters, the records afterwards, and the timers of the silent registry. The legacy shapes (Chania's tables,
 * Agios Nikolaos's files, the truncated file of T15) are their connectors' part.
 */
class TransferConversationTest {

    private static final Path SAMPLES = Path.of("../samples/residence-transfer");
    private static final Charset ISO_8859_7 = Charset.forName("ISO-8859-7");
    private static final Map<String, String> CHANIA_STATUS = Map.of("ΕΝΕΡΓΟΣ", "ACTIVE", "ΣΕ ΜΕΤΑΔΗΜΟΤΕΥΣΗ",
            "PENDING_OUT", "ΜΕΤΑΔΗΜΟΤΕΥΣΕ", "TRANSFERRED_OUT", "ΕΚΚΡΕΜΗΣ ΕΓΓΡΑΦΗ", "PENDING_IN", "ΔΙΑΓΡΑΦΗΚΕ",
            "DELETED");
    private static final Map<String, String> AGIOS_NIKOLAOS_STATUS = Map.of("E", "ACTIVE", "M", "PENDING_OUT", "X",
            "TRANSFERRED_OUT", "P", "PENDING_IN", "D", "DELETED");

    @TempDir
    Path dataDir;

    /** The hub's clock, moved by the test. */
    static final class TestClock extends Clock {
        Instant now;

        TestClock(Instant start) {
            now = start;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** A registry answering by the rules, from memory. */
    static final class Registry implements RegistryRules.Registry {
        final String code;
        final Map<String, RegistryRecord> records = new LinkedHashMap<>();
        final Map<String, TransferMessage> answers = new HashMap<>();
        final Map<String, TransferMessage> asked = new HashMap<>();
        final Set<String> withdrew = new HashSet<>();
        int nextShare;
        boolean silent;

        Registry(String code, List<RegistryRecord> seed, int nextShare) {
            this.code = code;
            seed.forEach(r -> records.put(r.amka(), r));
            this.nextShare = nextShare;
        }

        @Override
        public String code() {
            return code;
        }

        @Override
        public Optional<RegistryRecord> byAmka(String amka) {
            return Optional.ofNullable(amka == null ? null : records.get(amka));
        }

        @Override
        public void save(RegistryRecord record) {
            records.put(record.amka(), record);
        }

        @Override
        public String newShare() {
            return String.valueOf(nextShare++);
        }

        @Override
        public Optional<TransferMessage> answered(String exchangeId, TransferMessage.Type type) {
            return Optional.ofNullable(answers.get(exchangeId + "/" + type));
        }

        @Override
        public void rememberAnswer(String exchangeId, TransferMessage.Type type, TransferMessage answer) {
            answers.put(exchangeId + "/" + type, answer);
        }

        @Override
        public Optional<TransferMessage> asked(String exchangeId) {
            return Optional.ofNullable(asked.get(exchangeId));
        }

        @Override
        public boolean withdrew(String exchangeId) {
            return withdrew.contains(exchangeId);
        }

        @Override
        public LocalDate today() {
            return LocalDate.of(2026, 11, 23);
        }
    }

    record Delivery(String type, String reason) {
    }

    @Test
    void everyExampleGivesItsExpectedOutcome() throws Exception {
        JsonNode expected = TransferMessage.JSON.readTree(SAMPLES.resolve("expected.json").toFile());
        TestClock clock = new TestClock(Instant.parse(expected.path("run").path("hubClock").asText()));
        DriverManagerDataSource dataSource = new DriverManagerDataSource("jdbc:h2:file:" + dataDir.resolve("state")
                .toAbsolutePath(), "sa", "");
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        DataSourceTransactionManager transactions = new DataSourceTransactionManager(dataSource);
        EvidenceLog evidence = new EvidenceLog(jdbc, transactions, new HubClock(clock));
        OfficialRegisters registers = OfficialRegisters.shipped();
        TransferExchanges hub = new TransferExchanges(jdbc, transactions, new HubClock(clock), evidence,
                code -> registers.municipality(code).isPresent(), Set.of("9325", "9310")::contains,
                Duration.ofHours(24), Duration.ofHours(72));

        Map<String, Registry> registries = Map.of(
                "9325", new Registry("9325", chaniaSeed(), 30001),
                "9310", new Registry("9310", MasterFile.read(SAMPLES.resolve("agios-nikolaos/DHMOTES.TXT")), 3022));
        Map<String, List<Delivery>> delivered = new HashMap<>();
        Map<String, List<String>> deadLetters = new HashMap<>();
        TransferExchanges.Forwarder forwarder = (recipient, message) -> {
            Registry registry = registries.get(recipient);
            if ("9310".equals(recipient) && message.person() != null && !encodable(message.person())) {
                // The Agios Nikolaos connector cannot write it: the recipient's dead letters, the message unaltered.
                deadLetters.computeIfAbsent(recipient, k -> new ArrayList<>()).add(message.exchangeId() + " "
                        + message.type() + " UNENCODABLE_CHARACTER person.surname");
                return;
            }
            delivered.computeIfAbsent(recipient, k -> new ArrayList<>()).add(new Delivery(message.type().name(),
                    message.reason()));
            if (registry.silent || message.type() == TransferMessage.Type.TRANSFER_REJECTED) {
                return;
            }
            RegistryRules.apply(registry, message).ifPresent(answer -> pending.add(Map.entry(recipient, answer)));
        };

        Iterator<Map.Entry<String, JsonNode>> examples = expected.path("examples").fields();
        while (examples.hasNext()) {
            Map.Entry<String, JsonNode> entry = examples.next();
            String id = entry.getKey();
            JsonNode want = entry.getValue();
            JsonNode example = TransferMessage.JSON.readTree(SAMPLES.resolve("requests").resolve(id)
                    .resolve("example.json").toFile());
            String sender = example.path("sender").asText();
            delivered.clear();
            deadLetters.clear();
            if (example.path("setup").has("9310")) {
                registries.get("9310").silent = example.path("setup").path("9310").path("silent").asBoolean();
            }
            if ("FILE_REJECTED".equals(want.path("hub").asText())) {
                // Refused whole by the Agios Nikolaos connector: none of its records reaches the hub.
                assertThat(hub.exchange(want.path("exchangeId").asText())).as(id).isEmpty();
                continue;
            }
            TransferExchanges.Receipt first = null;
            for (JsonNode canonical : example.path("canonical")) {
                TransferMessage message = TransferMessage.parse(canonical.toString());
                Registry own = registries.get(sender);
                if (message.type() == TransferMessage.Type.TRANSFER_REQUESTED) {
                    own.asked.putIfAbsent(message.exchangeId(), message);
                }
                if (message.type() == TransferMessage.Type.TRANSFER_WITHDRAWN) {
                    own.withdrew.add(message.exchangeId());
                }
                TransferExchanges.Receipt receipt = hub.receive(sender, message);
                first = first == null ? receipt : first;
            }
            settle(hub, forwarder);

            assertThat(first.outcome().name()).as("%s: what the hub did", id).isEqualTo(want.path("hub").asText());
            if (!want.path("reason").isNull() && !want.has("journalContains")) {
                String reason = first.reason() != null ? first.reason()
                        : hub.exchange(want.path("exchangeId").asText()).map(TransferJournal.Exchange::reason)
                                .orElse(null);
                assertThat(reason).as("%s: reason", id).isEqualTo(want.path("reason").asText());
            }
            Optional<TransferJournal.Exchange> exchange = hub.exchange(want.path("exchangeId").asText());
            if (want.path("exchangeState").isNull()) {
                assertThat(exchange).as("%s: no exchange opened", id).isEmpty();
            } else {
                assertThat(exchange.orElseThrow().state().name()).as("%s: state", id)
                        .isEqualTo(want.path("exchangeState").asText());
                List<String> journal = hub.messages(want.path("exchangeId").asText()).stream()
                        .map(m -> m.type().name()).toList();
                if (want.path("journal").isArray()) {
                    assertThat(journal).as("%s: journal", id).containsExactlyElementsOf(
                            TransferMessage.JSON.convertValue(want.path("journal"), List.class));
                }
                if (want.has("journalContains")) {
                    List<String> allowed = new ArrayList<>(TransferMessage.JSON.convertValue(
                            want.path("journalContains"), List.class));
                    assertThat(journal).as("%s: journal", id).containsAll(allowed);
                    allowed.addAll(TransferMessage.JSON.convertValue(want.path("journalMayContain"), List.class));
                    assertThat(allowed).as("%s: journal", id).containsAll(journal);
                    assertThat(exchange.orElseThrow().reason()).isEqualTo(want.path("reason").asText());
                }
            }
            assertDelivered(id, want.path("delivered"), delivered);
            Map<String, List<String>> wantDead = new HashMap<>();
            want.path("deadLetters").fields().forEachRemaining(d -> d.getValue().forEach(l -> wantDead
                    .computeIfAbsent(d.getKey(), k -> new ArrayList<>()).add(l.path("exchangeId").asText() + " "
                            + l.path("type").asText() + " " + l.path("reason").asText() + " "
                            + l.path("field").asText())));
            assertThat(deadLetters).as("%s: dead letters", id).isEqualTo(wantDead);
            want.path("recordsAfter").fields().forEachRemaining(r -> assertRecord(id, r.getKey(), r.getValue(),
                    registries.get(r.getKey())));

            if (want.has("timers")) {
                String exchangeId = want.path("exchangeId").asText();
                clock.now = clock.now.plus(Duration.ofHours(24)).plusSeconds(1);
                hub.checkTimes(forwarder);
                assertThat(hub.exchange(exchangeId).orElseThrow().flag()).isEqualTo("OVERDUE");
                assertThat(delivered.get("9310")).as("%s: delivered once more when overdue", id).hasSize(2);
                clock.now = clock.now.plus(Duration.ofHours(48));
                hub.checkTimes(forwarder);
                assertThat(hub.exchange(exchangeId).orElseThrow().flag()).isEqualTo("STALLED");
                assertThat(hub.exchange(exchangeId).orElseThrow().state().name()).as("nothing cancelled")
                        .isEqualTo("REQUESTED");
                assertThat(delivered.get("9310")).as("%s: not delivered again when stalled", id).hasSize(2);
                org.springframework.boot.actuate.health.Health health = new TransfersHealthIndicator(hub).health();
                assertThat(health.getStatus().getCode()).as("a stalled transfer in health").isEqualTo("WARNING");
                // Three days on, three exchanges wait: T13 (held for Chania's review), T16 (its confirmation in
                // Agios Nikolaos's dead letters) and T18 (Agios Nikolaos silent).
                assertThat(health.getDetails().get("stalled").toString()).contains("count=3");
                assertThat(hub.flagged()).extracting(TransferJournal.Exchange::exchangeId).containsExactlyInAnyOrder(
                        "9325:MT-2026-000113", "9310:0000004516", exchangeId);
            }
        }
        evidence.stop();
    }

    private final List<Map.Entry<String, TransferMessage>> pending = new ArrayList<>();

    /** Until nothing moves: what the hub sends is answered by the registries, whose answers go to the hub. */
    private void settle(TransferExchanges hub, TransferExchanges.Forwarder forwarder) {
        for (int round = 0; round < 50; round++) {
            int sent = hub.forwardPending(forwarder);
            List<Map.Entry<String, TransferMessage>> answers = new ArrayList<>(pending);
            pending.clear();
            answers.forEach(a -> hub.receive(a.getKey(), a.getValue()));
            if (sent == 0 && answers.isEmpty()) {
                return;
            }
        }
        throw new AssertionError("the exchange did not come to rest");
    }

    private static void assertDelivered(String id, JsonNode want, Map<String, List<Delivery>> delivered) {
        Map<String, List<Delivery>> expected = new HashMap<>();
        want.fields().forEachRemaining(e -> e.getValue().forEach(d -> expected.computeIfAbsent(e.getKey(),
                k -> new ArrayList<>()).add(new Delivery(d.path("type").asText(), d.path("reason").isNull() ? null
                        : d.path("reason").asText()))));
        for (Map.Entry<String, List<Delivery>> e : expected.entrySet()) {
            List<Delivery> got = delivered.getOrDefault(e.getKey(), List.of());
            if (e.getValue().stream().anyMatch(d -> "TRANSFER_CANCELLED".equals(d.type()))) {
                // T17: a confirmation that crossed the withdrawal may or may not have reached the applicant first.
                assertThat(got.get(got.size() - 1)).as("%s: last delivered to %s", id, e.getKey())
                        .isEqualTo(e.getValue().get(e.getValue().size() - 1));
                continue;
            }
            assertThat(got).as("%s: delivered to %s", id, e.getKey()).containsExactlyElementsOf(e.getValue());
        }
        delivered.keySet().forEach(code -> assertThat(expected).as("%s: nothing delivered to %s", id, code)
                .containsKey(code));
    }

    private static void assertRecord(String id, String code, JsonNode want, Registry registry) {
        if (want.isNull()) {
            return;
        }
        RegistryRecord got = registry.records.get(want.path("amka").asText());
        assertThat(got).as("%s: record at %s", id, code).isNotNull();
        Map<String, String> statuses = "9325".equals(code) ? CHANIA_STATUS : AGIOS_NIKOLAOS_STATUS;
        assertThat(got.status()).as("%s: status at %s", id, code).isEqualTo(statuses.get(want.path("status")
                .asText()));
        assertThat(got.community()).as("%s: community at %s", id, code).isEqualTo(want.path("community").asText());
        assertThat(got.share()).as("%s: share at %s", id, code).isEqualTo(want.path("share").asText());
        assertThat(got.surname()).as("%s: surname at %s", id, code).isEqualTo(want.path("surname").asText());
        assertThat(got.givenName()).as("%s: given name at %s", id, code).isEqualTo(want.path("givenName").asText());
    }

    private static boolean encodable(TransferMessage.Person p) {
        var encoder = ISO_8859_7.newEncoder();
        for (String value : new String[] {p.surname(), p.givenName(), p.fatherName(), p.motherName()}) {
            if (value != null && !encoder.canEncode(value)) {
                return false;
            }
        }
        return true;
    }

    /** Chania's registry rows from its seed (the INSERT into dimotologio.dimotes). */
    static List<RegistryRecord> chaniaSeed() throws Exception {
        String sql = Files.readString(SAMPLES.resolve("chania/chania_seed.sql"), StandardCharsets.UTF_8);
        String values = sql.substring(sql.indexOf("INSERT INTO dimotologio.dimotes"));
        List<RegistryRecord> records = new ArrayList<>();
        Matcher row = Pattern.compile("\\(('[0-9]{11}'.*?)\\)[,;]").matcher(values);
        while (row.find()) {
            List<String> v = new ArrayList<>();
            Matcher value = Pattern.compile("'((?:[^']|'')*)'|NULL|true|false").matcher(row.group(1));
            while (value.find()) {
                v.add(value.group(1) != null ? value.group(1) : value.group().equals("NULL") ? null : value.group());
            }
            records.add(new RegistryRecord(v.get(0), v.get(1), v.get(2), v.get(3), v.get(4), v.get(5),
                    LocalDate.parse(v.get(6)), v.get(7), v.get(8), CHANIA_STATUS.get(v.get(9)), v.get(10) != null,
                    "true".equals(v.get(11)), null));
        }
        return records;
    }
}
