package dev.rollback.databases.mysql;

import dev.rollback.databases.Hashes;
import dev.rollback.databases.spi.DatabaseTarget;
import dev.rollback.databases.spi.Fingerprint;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per table of every user database in scope: {@code count(*)} and {@code CHECKSUM TABLE ... EXTENDED} (a content
 * checksum independent of row order); per database, the names and definitions of routines, triggers and events.
 *
 * <p>{@code Fingerprint f = new MysqlFingerprint(target).take(); // {shop.orders=20000:1234567890, ...}}
 */
final class MysqlFingerprint {
    private final DatabaseTarget target;

    MysqlFingerprint(DatabaseTarget target) {
        this.target = target;
    }

    Fingerprint take() {
        Map<String, Fingerprint.Part> parts = new TreeMap<>();
        try (Connection c = MysqlJdbc.connect(target)) {
            for (String db : MysqlAdapter.databases(c, target)) {
                for (String table : tables(c, db)) {
                    String name = MysqlJdbc.quote(db) + "." + MysqlJdbc.quote(table);
                    long count;
                    String checksum;
                    try (Statement st = c.createStatement()) {
                        try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + name)) {
                            rs.next();
                            count = rs.getLong(1);
                        }
                        try (ResultSet rs = st.executeQuery("CHECKSUM TABLE " + name + " EXTENDED")) {
                            rs.next();
                            checksum = rs.getString(2);
                        }
                    }
                    parts.put(db + "." + table, new Fingerprint.Part(count, String.valueOf(checksum)));
                }
                parts.put(db + ".(routines,triggers,events)", objects(c, db));
            }
        } catch (SQLException e) {
            throw MysqlJdbc.failure(target, "fingerprinting", e);
        }
        return Fingerprint.of(target.service(), parts);
    }

    /** The base tables of {@code db}, sorted (views left out). */
    static List<String> tables(Connection c, String db) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT TABLE_NAME FROM information_schema.TABLES"
                + " WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME")) {
            ps.setString(1, db);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    private static Fingerprint.Part objects(Connection c, String db) throws SQLException {
        List<String> rows = new ArrayList<>();
        String[] queries = {
            "SELECT CONCAT('routine ', ROUTINE_TYPE, ' ', ROUTINE_NAME, ' ', IFNULL(ROUTINE_DEFINITION, ''))"
                    + " FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ?",
            "SELECT CONCAT('trigger ', TRIGGER_NAME, ' ', EVENT_OBJECT_TABLE, ' ', ACTION_STATEMENT)"
                    + " FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ?",
            "SELECT CONCAT('event ', EVENT_NAME, ' ', EVENT_DEFINITION) FROM information_schema.EVENTS"
                    + " WHERE EVENT_SCHEMA = ?"
        };
        for (String q : queries) {
            try (PreparedStatement ps = c.prepareStatement(q)) {
                ps.setString(1, db);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(rs.getString(1));
                    }
                }
            }
        }
        rows.sort(null);
        return new Fingerprint.Part(rows.size(), Hashes.sha256OfLines(rows));
    }
}
