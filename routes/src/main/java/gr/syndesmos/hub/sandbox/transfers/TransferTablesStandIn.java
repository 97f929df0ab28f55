package gr.syndesmos.hub.sandbox.transfers;

import gr.syndesmos.connectors.transfers.TransferTables;
import gr.syndesmos.hub.flows.Flow;
import gr.syndesmos.hub.flows.FlowRegistry;
import gr.syndesmos.hub.municipality.Municipality;
import gr.syndesmos.hub.municipality.MunicipalityRegistry;
import gr.syndesmos.hub.settings.HubClock;
import gr.syndesmos.hub.transfers.TransferMessage;
import gr.syndesmos.hub.transfers.TransferMessage.Type;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Stand-in of a municipal registry that exchanges residence transfers through outbox and inbox tables (the
 * connectors {@code transfer-tables-in/-out}; Chania): for each municipality whose connector names a database
 * {@code syndesmos_standin_<code>}, the hub makes it on the local PostgreSQL with the seed
 * {@code sandbox/transfer-registry/<code>.sql} (the registry, its outbox and inbox, the grants to {@code hub_sync}),
 * and a loop applies the inbox rows in order by the registry rules, each in one transaction with the registry's
 * change and its answer in the outbox, as the real application does.
 */
@Component
@ConditionalOnProperty(name = "syndesmos.sandbox.enabled", havingValue = "true")
public class TransferTablesStandIn {

    private static final Logger LOG = LoggerFactory.getLogger(TransferTablesStandIn.class);
    static final String PREFIX = "syndesmos_standin_";
    private static final Pattern DATABASE = Pattern.compile("jdbc:postgresql://[^/]+/(" + PREFIX + "([0-9]{4}))");
    private static final Map<String, String> STATUS = Map.of("ΕΝΕΡΓΟΣ", "ACTIVE", "ΣΕ ΜΕΤΑΔΗΜΟΤΕΥΣΗ", "PENDING_OUT",
            "ΜΕΤΑΔΗΜΟΤΕΥΣΕ", "TRANSFERRED_OUT", "ΕΚΚΡΕΜΗΣ ΕΓΓΡΑΦΗ", "PENDING_IN", "ΔΙΑΓΡΑΦΗΚΕ", "DELETED");
    private static final Map<String, String> KATASTASI = STATUS.entrySet().stream()
            .collect(java.util.stream.Collectors.toMap(Map.Entry::getValue, Map.Entry::getKey));
    /** The answer types a registry may have given to each type it received. */
    private static final Map<Type, List<Type>> ANSWERS = Map.of(
            Type.TRANSFER_REQUESTED, List.of(Type.TRANSFER_CONFIRMED, Type.TRANSFER_REFUSED, Type.TRANSFER_CANCELLED),
            Type.TRANSFER_REGISTERED, List.of(Type.TRANSFER_RELEASED),
            Type.TRANSFER_WITHDRAWN, List.of(Type.TRANSFER_CANCELLED),
            Type.TRANSFER_CONFIRMED, List.of(Type.TRANSFER_REGISTERED, Type.TRANSFER_WITHDRAWN),
            Type.TRANSFER_RELEASED, List.of(Type.TRANSFER_COMPLETED));

    private final String adminUrl;
    private final String adminUser;
    private final HubClock clock;
    private final Map<String, String> databases = new LinkedHashMap<>();
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "stand-in-transfer-tables");
        t.setDaemon(true);
        return t;
    });

    public TransferTablesStandIn(FlowRegistry flows, MunicipalityRegistry municipalities, HubClock clock,
            @Value("${syndesmos.sandbox.registry-database.admin-url:jdbc:postgresql://127.0.0.1:5432/postgres}")
            String adminUrl,
            @Value("${syndesmos.sandbox.registry-database.admin-user:postgres}") String adminUser) {
        this.adminUrl = adminUrl;
        this.adminUser = adminUser;
        this.clock = clock;
        for (Flow flow : flows.all()) {
            if (flow.pattern() != Flow.Pattern.CONVERSATION) {
                continue;
            }
            for (Municipality m : municipalities.inFlow(flow.name())) {
                Municipality.ConnectorUse use = m.flows().get(flow.name()).source();
                Matcher url = DATABASE.matcher(String.valueOf(use.parameters().get("jdbcUrl")));
                if ("transfer-tables-in".equals(use.connector()) && url.lookingAt() && url.group(2).equals(m.code())) {
                    databases.put(m.code(), url.group(1));
                }
            }
        }
        for (String code : databases.keySet()) {
            try {
                prepare(code);
            } catch (SQLException | IOException e) {
                LOG.warn("The stand-in registry of {} could not be prepared on {} ({}): its transfers will wait",
                        code, adminUrl.replaceAll("\\?.*", ""), e.getMessage());
            }
        }
        if (!databases.isEmpty()) {
            loop.scheduleWithFixedDelay(this::applyAll, 500, 500, TimeUnit.MILLISECONDS);
            LOG.info("Stand-in registries applying residence transfers from their inbox tables for {}",
                    databases.keySet());
        }
    }

    private void prepare(String code) throws SQLException, IOException {
        if (gr.syndesmos.hub.sandbox.StandInDatabase.prepare(adminUrl, adminUser, databases.get(code), "UTF8",
                "dimotologio", "/sandbox/transfer-registry/" + code + ".sql")) {
            LOG.info("Stand-in registry of {}: database {} made and seeded", code, databases.get(code));
        }
    }

    private Connection connect(String code) throws SQLException {
        return DriverManager.getConnection(gr.syndesmos.hub.sandbox.StandInDatabase.url(adminUrl,
                databases.get(code)), adminUser, null);
    }

    private void applyAll() {
        for (String code : databases.keySet()) {
            try {
                apply(code);
            } catch (SQLException | RuntimeException e) {
                LOG.debug("Stand-in registry {}: {}", code, e.toString());
            }
        }
    }

    /** Applies the inbox rows not yet applied, in order, each in one transaction with its answer. */
    void apply(String code) throws SQLException {
        try (Connection c = connect(code)) {
            c.setAutoCommit(false);
            while (true) {
                TransferMessage message;
                long id;
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM "
                        + "dimotologio.hub_eiserxomena WHERE epexergastike IS NULL ORDER BY id LIMIT 1 FOR UPDATE")) {
                    if (!rs.next()) {
                        c.commit();
                        return;
                    }
                    id = rs.getLong("id");
                    message = TransferMessage.parse(TransferTables.message(rs).toString());
                }
                if (message.type() != null && message.type() != Type.TRANSFER_REJECTED) {
                    RegistryRules.apply(new TableRegistry(code, c, clock), message).ifPresent(answer -> { });
                }
                try (PreparedStatement done = c.prepareStatement("UPDATE dimotologio.hub_eiserxomena SET "
                        + "epexergastike = now() WHERE id = ?")) {
                    done.setLong(1, id);
                    done.executeUpdate();
                }
                c.commit();
            }
        }
    }

    /** The registry in its tables; its answers are its outbox rows. */
    private static final class TableRegistry implements RegistryRules.Registry {
        private final String code;
        private final Connection c;
        private final HubClock clock;

        TableRegistry(String code, Connection c, HubClock clock) {
            this.code = code;
            this.c = c;
            this.clock = clock;
        }

        @Override
        public String code() {
            return code;
        }

        @Override
        public Optional<RegistryRecord> byAmka(String amka) {
            try (PreparedStatement q = c.prepareStatement("SELECT * FROM dimotologio.dimotes WHERE amka = ?")) {
                q.setString(1, amka);
                try (ResultSet rs = q.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new RegistryRecord(rs.getString("amka"), trim(rs.getString("afm")),
                            rs.getString("eponymo"), rs.getString("onoma"), rs.getString("patronymo"),
                            rs.getString("mitronymo"), rs.getObject("imerominia_gennisis", LocalDate.class),
                            trim(rs.getString("koinotita")), rs.getString("merida"),
                            STATUS.get(rs.getString("katastasi")), rs.getString("ekkremotita") != null,
                            rs.getBoolean("kleidomeni"), rs.getString("exchange_id")));
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void save(RegistryRecord r) {
            try (PreparedStatement u = c.prepareStatement("INSERT INTO dimotologio.dimotes (amka, afm, eponymo, "
                    + "onoma, patronymo, mitronymo, imerominia_gennisis, koinotita, merida, katastasi, exchange_id, "
                    + "teleutaia_allagi) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now()) ON CONFLICT (amka) DO UPDATE "
                    + "SET katastasi = EXCLUDED.katastasi, exchange_id = EXCLUDED.exchange_id, "
                    + "teleutaia_allagi = now()")) {
                u.setString(1, r.amka());
                u.setString(2, r.afm());
                u.setString(3, r.surname());
                u.setString(4, r.givenName());
                u.setString(5, r.fatherName());
                u.setString(6, r.motherName());
                u.setObject(7, r.birthDate());
                u.setString(8, r.community());
                u.setString(9, r.share());
                u.setString(10, KATASTASI.get(r.status()));
                u.setString(11, r.exchangeId());
                u.executeUpdate();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public String newShare() {
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT nextval('dimotologio.merida_seq')")) {
                rs.next();
                return String.valueOf(rs.getLong(1));
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public Optional<TransferMessage> answered(String exchangeId, Type type) {
            for (Type answer : ANSWERS.getOrDefault(type, List.of())) {
                Optional<TransferMessage> found = outbox(exchangeId, answer);
                // A destination's own withdrawal is not an answer to a confirmation; "already registered" is.
                if (found.isPresent() && (answer != Type.TRANSFER_WITHDRAWN
                        || "ALREADY_REGISTERED_HERE".equals(found.get().reason()))) {
                    return found;
                }
            }
            return Optional.empty();
        }

        @Override
        public void rememberAnswer(String exchangeId, Type type, TransferMessage answer) {
            TransferMessage.Person p = answer.person();
            TransferMessage.Registration r = answer.registration();
            try (PreparedStatement i = c.prepareStatement("INSERT INTO dimotologio.hub_exerxomena (exchange_id, typos, "
                    + "dimos_proelefsis, dimos_ypodoxis, amka, afm, eponymo, onoma, patronymo, mitronymo, "
                    + "imerominia_gennisis, koinotita, merida, logos, imerominia_praxis) VALUES (?, ?, ?, ?, ?, ?, "
                    + "?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                i.setString(1, answer.exchangeId());
                i.setString(2, gr.syndesmos.connectors.transfers.TransferCodes.CHANIA_TYPES.get(answer.type().name()));
                i.setString(3, answer.origin());
                i.setString(4, answer.destination());
                i.setString(5, p == null ? null : p.amka());
                i.setString(6, p == null ? null : p.afm());
                i.setString(7, p == null ? null : p.surname());
                i.setString(8, p == null ? null : p.givenName());
                i.setString(9, p == null ? null : p.fatherName());
                i.setString(10, p == null ? null : p.motherName());
                i.setObject(11, p == null ? null : p.birthDate());
                i.setString(12, r == null ? null : r.communityCode());
                i.setString(13, r == null ? null : r.shareNumber());
                i.setString(14, answer.reason());
                i.setObject(15, answer.actDate());
                i.executeUpdate();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public Optional<TransferMessage> asked(String exchangeId) {
            return outbox(exchangeId, Type.TRANSFER_REQUESTED);
        }

        @Override
        public boolean withdrew(String exchangeId) {
            return outbox(exchangeId, Type.TRANSFER_WITHDRAWN).filter(w -> !"ALREADY_REGISTERED_HERE"
                    .equals(w.reason())).isPresent();
        }

        @Override
        public LocalDate today() {
            return LocalDate.ofInstant(clock.now(), ZoneId.of("Europe/Athens"));
        }

        private Optional<TransferMessage> outbox(String exchangeId, Type type) {
            try (PreparedStatement q = c.prepareStatement("SELECT * FROM dimotologio.hub_exerxomena WHERE "
                    + "exchange_id = ? AND typos = ? ORDER BY id LIMIT 1")) {
                q.setString(1, exchangeId);
                q.setString(2, gr.syndesmos.connectors.transfers.TransferCodes.CHANIA_TYPES.get(type.name()));
                try (ResultSet rs = q.executeQuery()) {
                    return rs.next() ? Optional.of(TransferMessage.parse(TransferTables.message(rs).toString()))
                            : Optional.empty();
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        private static String trim(String value) {
            return value == null ? null : value.strip();
        }
    }

    @PreDestroy
    void stop() {
        loop.shutdownNow();
    }
}
