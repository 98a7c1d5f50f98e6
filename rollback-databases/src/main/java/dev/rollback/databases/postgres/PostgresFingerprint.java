package dev.rollback.databases.postgres;

import dev.rollback.databases.Hashes;
import dev.rollback.databases.spi.DatabaseTarget;
import dev.rollback.databases.spi.Fingerprint;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per table of every database in scope: {@code count(*)} and the md5 of the rows' md5s in sorted order (independent
 * of physical order); plus, for the whole cluster, the roles and their attributes.
 *
 * <p>{@code Fingerprint f = new PostgresFingerprint(target).take(); // {appdb.public.orders=100000:3f2a...}}
 */
final class PostgresFingerprint {
    private final DatabaseTarget target;

    PostgresFingerprint(DatabaseTarget target) {
        this.target = target;
    }

    Fingerprint take() {
        Map<String, Fingerprint.Part> parts = new TreeMap<>();
        List<String> dbs;
        try (Connection c = PostgresJdbc.connect(target, PostgresAdapter.entryDatabase(target))) {
            dbs = PostgresAdapter.databases(c, target);
            if (target.scope().isEmpty()) {
                parts.put("(roles)", roles(c));
            }
        } catch (SQLException e) {
            throw PostgresJdbc.failure(target, "fingerprinting roles", e);
        }
        for (String db : dbs) {
            try (Connection c = PostgresJdbc.connect(target, db)) {
                tables(c, db, parts);
            } catch (SQLException e) {
                throw PostgresJdbc.failure(target, "fingerprinting database " + db, e);
            }
        }
        return Fingerprint.of(target.service(), parts);
    }

    private static Fingerprint.Part roles(Connection c) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT rolname, rolsuper, rolinherit,"
                        + " rolcreaterole, rolcreatedb, rolcanlogin, rolreplication, rolbypassrls FROM pg_roles"
                        + " WHERE rolname NOT LIKE 'pg\\_%' ORDER BY rolname")) {
            while (rs.next()) {
                StringBuilder b = new StringBuilder();
                for (int i = 1; i <= 8; i++) {
                    b.append(rs.getString(i)).append('|');
                }
                rows.add(b.toString());
            }
        }
        return new Fingerprint.Part(rows.size(), Hashes.sha256OfLines(rows));
    }

    private static void tables(Connection c, String db, Map<String, Fingerprint.Part> parts) throws SQLException {
        List<String[]> tables = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT table_schema, table_name"
                        + " FROM information_schema.tables WHERE table_type = 'BASE TABLE'"
                        + " AND table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2")) {
            while (rs.next()) {
                tables.add(new String[] {rs.getString(1), rs.getString(2)});
            }
        }
        for (String[] t : tables) {
            String name = PostgresJdbc.quote(t[0]) + "." + PostgresJdbc.quote(t[1]);
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT count(*),"
                            + " coalesce(md5(string_agg(h, '' ORDER BY h)), '') FROM (SELECT md5(x::text) AS h FROM "
                            + name
                            + " x) rows")) {
                rs.next();
                parts.put(db + "." + t[0] + "." + t[1], new Fingerprint.Part(rs.getLong(1), rs.getString(2)));
            }
        }
    }
}
