package gr.syndesmos.connectors.transfers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transfer-tables connectors: a registry that exchanges residence transfers through an outbox and an inbox
 * table it writes and reads in its own transactions ({@code dimotologio.hub_exerxomena}, {@code hub_eiserxomena}).
 * The hub never touches the registry table itself. {@link #poll} reads the outbox rows not yet taken, in order, as
 * canonical messages; {@link #taken} marks them ({@code paralifthike}) only once the hub journaled them, so a crash
 * between the two reads them again (the hub ignores the repeats). {@link #deliver} inserts a message into the inbox,
 * once: a row already there for the exchange and type counts as delivered.
 */
public class TransferTables {

    private static final Logger LOG = LoggerFactory.getLogger(TransferTables.class);
    /** The ids of the rows handed to the hub in this exchange. */
    static final String ROW_IDS = "SyndesmosTransferRowIds";
    private static final Map<String, String> TYPES = TransferCodes.inverse(TransferCodes.CHANIA_TYPES);

    private String jdbcUrl;
    private String user;
    private String password;
    private String schema = "dimotologio";
    private int batchSize = 100;
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

    public void setSchema(String schema) {
        if (!schema.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("transfer-tables: schema must be a plain name");
        }
        this.schema = schema;
    }

    public void setBatchSize(int batchSize) {
        this.batchSize = batchSize;
    }

    /** Reads the outbox rows not yet taken; stops the route when there are none. */
    public void poll(Exchange exchange) throws SQLException {
        ArrayNode messages = TransferJson.JSON.createArrayNode();
        List<Long> ids = new ArrayList<>();
        try (Connection c = dataSource().getConnection();
                PreparedStatement select = c.prepareStatement("SELECT * FROM " + schema + ".hub_exerxomena "
                        + "WHERE paralifthike IS NULL ORDER BY id LIMIT " + batchSize)) {
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong("id"));
                    messages.add(message(rs));
                }
            }
        } catch (SQLException e) {
            LOG.warn("transfer-tables: the outbox could not be read ({}, SQL state {}); trying again at the next poll",
                    e.getClass().getSimpleName(), e.getSQLState());
            exchange.setRouteStop(true);
            return;
        }
        if (ids.isEmpty()) {
            exchange.setRouteStop(true);
            return;
        }
        exchange.getMessage().setBody(messages.toString());
        exchange.getMessage().setHeader(ROW_IDS, ids);
    }

    /** Marks the rows the hub journaled. */
    @SuppressWarnings("unchecked")
    public void taken(Exchange exchange) throws SQLException {
        List<Long> ids = exchange.getMessage().getHeader(ROW_IDS, List.class);
        if (ids == null || ids.isEmpty()) {
            return;
        }
        try (Connection c = dataSource().getConnection();
                PreparedStatement update = c.prepareStatement("UPDATE " + schema + ".hub_exerxomena SET "
                        + "paralifthike = now() WHERE id = ANY (?) AND paralifthike IS NULL")) {
            Array array = c.createArrayOf("bigint", ids.toArray());
            update.setArray(1, array);
            update.executeUpdate();
        }
    }

    /** One outbox or inbox row as a canonical message (the two tables have the same columns). */
    public static ObjectNode message(ResultSet rs) throws SQLException {
        String type = TYPES.get(rs.getString("typos"));
        String origin = trim(rs.getString("dimos_proelefsis"));
        String destination = trim(rs.getString("dimos_ypodoxis"));
        ObjectNode m = TransferJson.message(rs.getString("exchange_id"), type, origin, destination);
        if (TransferJson.carriesPerson(type)) {
            ObjectNode person = m.putObject("person");
            person.put("amka", trim(rs.getString("amka")));
            person.put("afm", trim(rs.getString("afm")));
            person.put("surname", rs.getString("eponymo"));
            person.put("givenName", rs.getString("onoma"));
            person.put("fatherName", rs.getString("patronymo"));
            person.put("motherName", rs.getString("mitronymo"));
            Date born = rs.getDate("imerominia_gennisis");
            person.put("birthDate", born == null ? null : born.toLocalDate().toString());
            ObjectNode registration = m.putObject("registration");
            registration.put("municipalityCode", TransferJson.registrationMunicipality(type, origin, destination));
            registration.put("communityCode", trim(rs.getString("koinotita")));
            registration.put("shareNumber", trim(rs.getString("merida")));
        } else {
            m.putNull("person");
            m.putNull("registration");
        }
        m.put("reason", rs.getString("logos"));
        Date act = rs.getDate("imerominia_praxis");
        m.put("actDate", act == null ? null : act.toLocalDate().toString());
        return m;
    }

    /** Inserts one message into the inbox, once. */
    public void deliver(Exchange exchange) throws SQLException, java.io.IOException {
        JsonNode m = TransferJson.JSON.readTree(exchange.getMessage().getBody(String.class));
        JsonNode person = m.get("person");
        JsonNode registration = m.get("registration");
        try (Connection c = dataSource().getConnection();
                PreparedStatement insert = c.prepareStatement("INSERT INTO " + schema + ".hub_eiserxomena "
                        + "(exchange_id, typos, dimos_proelefsis, dimos_ypodoxis, amka, afm, eponymo, onoma, "
                        + "patronymo, mitronymo, imerominia_gennisis, koinotita, merida, logos, imerominia_praxis) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (exchange_id, typos) "
                        + "DO NOTHING")) {
            insert.setString(1, value(TransferJson.text(m, "exchangeId")));
            insert.setString(2, TransferCodes.CHANIA_TYPES.get(TransferJson.text(m, "type")));
            insert.setString(3, value(TransferJson.text(m, "origin")));
            insert.setString(4, value(TransferJson.text(m, "destination")));
            insert.setString(5, TransferJson.text(person, "amka"));
            insert.setString(6, TransferJson.text(person, "afm"));
            insert.setString(7, TransferJson.text(person, "surname"));
            insert.setString(8, TransferJson.text(person, "givenName"));
            insert.setString(9, TransferJson.text(person, "fatherName"));
            insert.setString(10, TransferJson.text(person, "motherName"));
            insert.setObject(11, TransferJson.date(person, "birthDate"));
            insert.setString(12, TransferJson.text(registration, "communityCode"));
            insert.setString(13, TransferJson.text(registration, "shareNumber"));
            insert.setString(14, TransferJson.text(m, "reason"));
            insert.setObject(15, TransferJson.date(m, "actDate"));
            insert.executeUpdate();
        }
    }

    private static String value(String text) {
        return text == null ? "" : text;
    }

    private static String trim(String text) {
        return text == null ? null : text.strip();
    }

    private synchronized HikariDataSource dataSource() {
        if (dataSource == null) {
            dataSource = gr.syndesmos.connectors.db.JdbcPools.open("transfer-tables", jdbcUrl, user, password, 2,
                    5_000, java.util.Map.of("ApplicationName", "syndesmos-transfers"));
        }
        return dataSource;
    }

    public synchronized void close() {
        if (dataSource != null) {
            dataSource.close();
            dataSource = null;
        }
    }
}
