package gr.syndesmos.connectors.certificates;

import com.zaxxer.hikari.HikariDataSource;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Service;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The certificate-tables connector: answers a certificate question from a municipality's PostgreSQL tables, as the
 * municipality grants them to the hub's account: read on its property-tax ledger ({@code esoda.tap_akinita}) and
 * its register of permanent residents ({@code dimotologio.monimoi_katoikoi}), insert on its register of issued
 * certificates ({@code ked.vevaioseis}).
 *
 * <p>One transaction per question: select by key, the municipality's checks in their order, and for an issued
 * certificate an insert keyed on the hub's request id, so a question asked twice gives one certificate. Anything
 * that keeps the database from answering in time (refused connection, exhausted pool, a query still running at the
 * deadline, which is cancelled and rolled back) answers UNAVAILABLE: no question is left open.
 */
public class CertificateTables implements Processor, Service {

    private static final Logger LOG = LoggerFactory.getLogger(CertificateTables.class);

    /** Runs the drivers' network time-outs (closing a connection that overran). */
    private static final java.util.concurrent.Executor NETWORK_TIMEOUTS = java.util.concurrent.Executors
            .newCachedThreadPool(r -> {
                Thread t = new Thread(r, "certificate-tables-timeout");
                t.setDaemon(true);
                return t;
            });

    private String jdbcUrl;
    private String user;
    private String password;
    private int maxConnections = 4;
    private Clock clock = Clock.systemUTC();
    private HikariDataSource dataSource;

    public void setJdbcUrl(String jdbcUrl) {
        this.jdbcUrl = jdbcUrl;
    }

    public void setUser(String user) {
        this.user = user;
    }

    public void setPassword(String password) {
        this.password = password == null || password.isEmpty() ? null : password;
    }

    public void setMaxConnections(int maxConnections) {
        this.maxConnections = maxConnections;
    }

    void setClock(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) {
        CertificateQuestion question = CertificateQuestion.parse(exchange.getMessage().getBody(String.class));
        exchange.getMessage().setBody(answer(question).json());
    }

    CertificateAnswer answer(CertificateQuestion question) {
        Duration left = question.timeLeft(clock.instant());
        if (left.toMillis() < 100) {
            return CertificateAnswer.unavailable(question.requestId(), "no time was left to ask the database");
        }
        try (Connection connection = dataSource().getConnection()) {
            // The server's statement_timeout cannot help when the network itself is slow: the client gives up
            // reading at the deadline too (the pool then drops the connection).
            connection.setNetworkTimeout(NETWORK_TIMEOUTS, (int) Math.max(1, Math.min(Integer.MAX_VALUE,
                    question.timeLeft(clock.instant()).toMillis())));
            connection.setAutoCommit(false);
            try {
                try (Statement limit = connection.createStatement()) {
                    // The server cancels what is still running when the caller's time is up, and the
                    // transaction rolls back with it.
                    limit.execute("SET LOCAL statement_timeout = " + Math.max(1, question.timeLeft(clock.instant())
                            .toMillis()));
                }
                CertificateAnswer answer = question.kind() == CertificateQuestion.Kind.TAP
                        ? tap(connection, question) : residence(connection, question);
                connection.commit();
                return answer;
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            LOG.warn("Certificate question {} for {}: the database did not answer: {} (SQL state {})",
                    question.requestId(), question.municipality(), e.getClass().getSimpleName(), e.getSQLState());
            return CertificateAnswer.unavailable(question.requestId(), "the database did not answer: "
                    + describe(e));
        }
    }

    /** The failure in words that name no person: the SQL state says what kind it was. */
    private static String describe(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.startsWith("08") || e instanceof java.sql.SQLTransientConnectionException) {
            return "no connection (" + state + ")";
        }
        if ("57014".equals(state)) {
            return "the query was cancelled at the deadline";
        }
        return "SQL state " + state;
    }

    private CertificateAnswer tap(Connection connection, CertificateQuestion q) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT eponymo, onoma, odos, ar_odou, tk, "
                + "perioxi, emvado_tm, ofeili_tap FROM esoda.tap_akinita WHERE arithmos_paroxis = ? "
                + "AND afm_idioktiti = ?")) {
            select.setString(1, q.supplyNumber());
            select.setString(2, q.afm());
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return CertificateAnswer.answered(q.requestId(), "NOT_FOUND");
                }
                BigDecimal area = row.getBigDecimal("emvado_tm");
                if (area == null) {
                    return CertificateAnswer.answered(q.requestId(), "REFUSED").refusal("DECLARATION_INCOMPLETE");
                }
                if (row.getBigDecimal("ofeili_tap").signum() > 0) {
                    return CertificateAnswer.answered(q.requestId(), "REFUSED").refusal("DEBTS_EXIST");
                }
                long number = issue(connection, q, "ΤΑΠ");
                CertificateAnswer answer = CertificateAnswer.answered(q.requestId(), "ISSUED");
                var certificate = answer.certificate();
                certificate.put("certificateNumber", String.format("ΚΕΔ-ΤΑΠ-%d-%06d", q.receivedOn().getYear(),
                        number));
                certificate.put("issueDate", q.receivedOn().toString());
                var holder = certificate.putObject("holder");
                holder.put("afm", q.afm());
                holder.put("surname", row.getString("eponymo"));
                holder.put("firstName", row.getString("onoma"));
                var property = certificate.putObject("property");
                property.put("supplyNumber", q.supplyNumber());
                address(row, property);
                property.put("areaSqm", area.stripTrailingZeros());
                return answer;
            }
        }
    }

    private CertificateAnswer residence(Connection connection, CertificateQuestion q) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT eponymo, onoma, patronymo, odos, "
                + "ar_odou, tk, perioxi, katoikos_apo, katoikos_eos FROM dimotologio.monimoi_katoikoi "
                + "WHERE amka = ?")) {
            select.setString(1, q.amka());
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return CertificateAnswer.answered(q.requestId(), "NOT_FOUND");
                }
                int first = q.years().stream().min(Integer::compare).orElseThrow();
                int last = q.years().stream().max(Integer::compare).orElseThrow();
                LocalDate from = LocalDate.of(first, 1, 1);
                LocalDate to = LocalDate.of(last, 12, 31);
                if (q.receivedOn().isBefore(to)) {
                    to = q.receivedOn();
                }
                LocalDate since = row.getObject("katoikos_apo", LocalDate.class);
                LocalDate until = row.getObject("katoikos_eos", LocalDate.class);
                if (since.isAfter(from) || until != null && until.isBefore(to)) {
                    return CertificateAnswer.answered(q.requestId(), "REFUSED").refusal("NOT_RESIDENT_IN_PERIOD");
                }
                long number = issue(connection, q, "ΜΟΝ_ΚΑΤ");
                CertificateAnswer answer = CertificateAnswer.answered(q.requestId(), "ISSUED");
                var certificate = answer.certificate();
                certificate.put("certificateNumber", String.format("ΚΕΔ-ΜΚ-%d-%06d", q.receivedOn().getYear(),
                        number));
                certificate.put("issueDate", q.receivedOn().toString());
                var person = certificate.putObject("person");
                person.put("amka", q.amka());
                person.put("surname", row.getString("eponymo"));
                person.put("firstName", row.getString("onoma"));
                person.put("fatherName", row.getString("patronymo"));
                address(row, certificate.putObject("address"));
                var years = certificate.putArray("years");
                q.years().stream().sorted().forEach(years::add);
                return answer;
            }
        }
    }

    private static void address(ResultSet row, com.fasterxml.jackson.databind.node.ObjectNode target)
            throws SQLException {
        target.put("street", row.getString("odos"));
        target.put("streetNumber", row.getString("ar_odou"));
        target.put("postalCode", row.getString("tk"));
        target.put("locality", row.getString("perioxi"));
    }

    /** One certificate per request: a second insert for the same request id finds the first one's number. */
    private static long issue(Connection connection, CertificateQuestion q, String kind) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO ked.vevaioseis (aitima_hub, eidos, "
                + "etos, imerominia, afm, arithmos_paroxis, amka, eti) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT (aitima_hub) DO NOTHING RETURNING arithmos")) {
            insert.setString(1, q.requestId());
            insert.setString(2, kind);
            insert.setInt(3, q.receivedOn().getYear());
            insert.setDate(4, Date.valueOf(q.receivedOn()));
            insert.setString(5, q.afm());
            insert.setString(6, q.supplyNumber());
            insert.setString(7, q.amka());
            insert.setString(8, q.kind() == CertificateQuestion.Kind.RESIDENCE ? q.yearsText() : null);
            try (ResultSet inserted = insert.executeQuery()) {
                if (inserted.next()) {
                    return inserted.getLong(1);
                }
            }
        }
        try (PreparedStatement existing = connection.prepareStatement(
                "SELECT arithmos FROM ked.vevaioseis WHERE aitima_hub = ?")) {
            existing.setString(1, q.requestId());
            try (ResultSet row = existing.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private synchronized HikariDataSource dataSource() {
        if (dataSource == null) {
            // An exhausted pool or a database that refuses connections answers within the caller's deadline.
            dataSource = gr.syndesmos.connectors.db.JdbcPools.open("certificate-tables", jdbcUrl, user, password,
                    maxConnections, 2_000, java.util.Map.of("connectTimeout", "2", "ApplicationName",
                            "syndesmos-certificates"));
        }
        return dataSource;
    }

    @Override
    public void start() {
        // The pool opens at the first question.
    }

    @Override
    public synchronized void stop() {
        if (dataSource != null) {
            dataSource.close();
            dataSource = null;
        }
    }
}
