package dev.rollback.databases.mysql;

import dev.rollback.databases.spi.DatabaseTarget;
import dev.rollback.errors.RollbackException;
import dev.rollback.spi.DataSnapshot;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A MySQL/MariaDB snapshot kept in shadow databases on the server: per database in the target's scope (every user
 * database when the scope is empty), {@code <db>__rbsnap} holds a copy of each base table ({@code CREATE TABLE ...
 * LIKE} and {@code INSERT ... SELECT}), and the snapshot remembers each table's {@code SHOW CREATE TABLE}, its
 * {@code AUTO_INCREMENT}, its {@code CHECKSUM TABLE ... EXTENDED} and the database's triggers.
 *
 * <p>{@code try (DataSnapshot s = new MysqlAdapter().snapshot(target)) { runTest(); s.reset(); }}
 *
 * <p>A reset closes the other connections whose current database is {@code <db>} and then, with
 * {@code FOREIGN_KEY_CHECKS=0}: drops the base tables created since; creates again, from the remembered statement
 * (foreign keys included), the tables dropped or altered since; empties ({@code TRUNCATE}) and refills from the shadow
 * every table whose checksum differs from the snapshot's, and only those, so its cost follows what the test changed;
 * sets {@code AUTO_INCREMENT} back where it moved, so the next insert gets the id it would have got at the snapshot;
 * and, when the triggers changed or a table that has some is refilled, drops the database's triggers and creates
 * the remembered ones again (so that refilling fires none). An unchanged table is told by the same 32-bit content
 * checksum the adapter's fingerprint uses, so a reset is as exact as that fingerprint proves.
 *
 * <p>Not kept: views, routines, events, sequences and system-versioned tables (left as they are, created or dropped
 * alike), and the database's own options. Taking the snapshot closes the other connections on each database; take it
 * while nothing writes, as the tables are copied one after the other. A {@code <db>__rbsnap} left by an earlier run
 * that crashed before {@link #close()} is dropped and taken again. With an empty scope the shadow databases are user
 * databases like any other, and show in the adapter's scope-wide fingerprints and dumps until closed.
 */
final class MysqlSnapshot implements DataSnapshot {
    /** What a shadow database's name adds to its database's. */
    static final String SUFFIX = "__rbsnap";

    private static final int MAX_NAME = 64;
    private static final Pattern AUTO_INCREMENT_OPTION = Pattern.compile(" AUTO_INCREMENT=(\\d+)");
    private static final String SESSION =
            "SET SESSION FOREIGN_KEY_CHECKS = 0, SESSION sql_mode = 'NO_AUTO_VALUE_ON_ZERO'";

    private final DatabaseTarget target;
    private final List<Snap> databases;
    private final Duration took;
    private boolean closed;

    /** A base table as it was: its statement, counter, checksum and the columns a copy writes. */
    private record Table(String create, long autoIncrement, String checksum, String columns) {
        boolean hasAutoIncrement() {
            return withoutCounter(create).contains("AUTO_INCREMENT");
        }
    }

    /** A trigger as {@code SHOW CREATE TRIGGER} gives it, and the row that tells whether it changed. */
    private record Trigger(String table, String signature, String sqlMode, String statement) {}

    /** One database's snapshot. */
    private record Snap(String db, Map<String, Table> tables, List<Trigger> triggers) {
        String shadow() {
            return db + SUFFIX;
        }

        Set<String> triggeredTables() {
            Set<String> out = new LinkedHashSet<>();
            triggers.forEach(t -> out.add(t.table()));
            return out;
        }

        List<String> signatures() {
            return triggers.stream().map(Trigger::signature).toList();
        }
    }

    private MysqlSnapshot(DatabaseTarget target, List<Snap> databases, Duration took) {
        this.target = target;
        this.databases = databases;
        this.took = took;
    }

    /** Takes the snapshot of every user database in the target's scope. */
    static MysqlSnapshot take(DatabaseTarget target) {
        long start = System.nanoTime();
        List<Snap> snaps = new ArrayList<>();
        try (Connection c = MysqlJdbc.connect(target);
                Statement st = c.createStatement()) {
            List<String> dbs = MysqlAdapter.databases(c, target).stream()
                    .filter(db -> !db.endsWith(SUFFIX))
                    .toList();
            if (dbs.isEmpty()) {
                throw new RollbackException("service " + target.service() + ": no database in scope "
                        + (target.scope().isEmpty() ? "(all)" : target.scope()) + " exists; nothing to snapshot."
                        + " Create the databases first");
            }
            for (String db : dbs) {
                if ((db + SUFFIX).length() > MAX_NAME) {
                    throw new RollbackException("service " + target.service() + ": database " + db + " has too long"
                            + " a name for its shadow database (" + db + SUFFIX + " is over " + MAX_NAME
                            + " characters); give it a name of at most " + (MAX_NAME - SUFFIX.length())
                            + " characters");
                }
            }
            st.execute(SESSION);
            try {
                for (String db : dbs) {
                    snaps.add(snapshot(c, db));
                }
            } catch (SQLException | RuntimeException e) {
                for (String db : dbs) {
                    try {
                        st.execute("DROP DATABASE IF EXISTS " + MysqlJdbc.quote(db + SUFFIX));
                    } catch (SQLException cleanup) {
                        e.addSuppressed(cleanup);
                    }
                }
                throw e;
            }
        } catch (SQLException e) {
            throw MysqlJdbc.failure(target, "taking the snapshot", e);
        }
        return new MysqlSnapshot(target, snaps, Duration.ofNanos(System.nanoTime() - start));
    }

    private static Snap snapshot(Connection c, String db) throws SQLException {
        String shadow = MysqlJdbc.quote(db + SUFFIX);
        closeConnections(c, db);
        Map<String, Table> tables = new LinkedHashMap<>();
        try (Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + shadow);
            String options = "";
            try (PreparedStatement ps = c.prepareStatement("SELECT DEFAULT_CHARACTER_SET_NAME,"
                    + " DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?")) {
                ps.setString(1, db);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        options = " CHARACTER SET " + rs.getString(1) + " COLLATE " + rs.getString(2);
                    }
                }
            }
            st.execute("CREATE DATABASE " + shadow + options);
            for (String table : MysqlFingerprint.tables(c, db)) {
                String name = qualified(db, table);
                String create = showCreate(c, name);
                String columns = columns(c, db, table);
                st.execute("CREATE TABLE " + shadow + "." + MysqlJdbc.quote(table) + " LIKE " + name);
                st.execute("INSERT INTO " + shadow + "." + MysqlJdbc.quote(table) + " (" + columns + ") SELECT "
                        + columns + " FROM " + name);
                tables.put(table, new Table(create, counter(create), checksum(c, name), columns));
            }
        }
        return new Snap(db, tables, triggers(c, db));
    }

    @Override
    public String service() {
        return target.service();
    }

    @Override
    public Duration took() {
        return took;
    }

    @Override
    public synchronized Duration reset() {
        if (closed) {
            throw new RollbackException("service " + target.service() + ": this snapshot was closed; take a new one");
        }
        long start = System.nanoTime();
        String current = "";
        try (Connection c = MysqlJdbc.connect(target);
                Statement st = c.createStatement()) {
            st.execute(SESSION);
            for (Snap snap : databases) {
                current = snap.db();
                reset(c, snap);
            }
        } catch (SQLException e) {
            throw MysqlJdbc.failure(target, "resetting database " + current + " from " + current + SUFFIX, e);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static void reset(Connection c, Snap snap) throws SQLException {
        String db = snap.db();
        closeConnections(c, db);
        List<String> present = MysqlFingerprint.tables(c, db);
        List<String> extra = new ArrayList<>(present);
        extra.removeAll(snap.tables().keySet());
        List<String> recreate = new ArrayList<>();
        List<String> refill = new ArrayList<>();
        List<String> recount = new ArrayList<>();
        for (Map.Entry<String, Table> e : snap.tables().entrySet()) {
            Table was = e.getValue();
            String name = qualified(db, e.getKey());
            if (!present.contains(e.getKey())) {
                recreate.add(e.getKey());
                continue;
            }
            String create = showCreate(c, name);
            if (!withoutCounter(create).equals(withoutCounter(was.create()))) {
                recreate.add(e.getKey());
            } else if (!checksum(c, name).equals(was.checksum())) {
                refill.add(e.getKey());
            } else if (was.hasAutoIncrement() && counter(create) != was.autoIncrement()) {
                recount.add(e.getKey());
            }
        }
        List<String> triggersNow = triggerSignatures(c, db);
        Set<String> touched = new LinkedHashSet<>(recreate);
        touched.addAll(refill);
        touched.retainAll(snap.triggeredTables());
        boolean retrigger = !triggersNow.equals(snap.signatures()) || !touched.isEmpty();
        try (Statement st = c.createStatement()) {
            st.execute("USE " + MysqlJdbc.quote(db));
            if (retrigger) {
                for (String trigger : triggerNames(c, db)) {
                    st.execute("DROP TRIGGER IF EXISTS " + qualified(db, trigger));
                }
            }
            for (String table : extra) {
                st.execute("DROP TABLE IF EXISTS " + qualified(db, table));
            }
            for (String table : recreate) {
                st.execute("DROP TABLE IF EXISTS " + qualified(db, table));
                st.execute(snap.tables().get(table).create());
                refill(st, snap, table);
            }
            for (String table : refill) {
                st.execute("TRUNCATE TABLE " + qualified(db, table));
                refill(st, snap, table);
            }
            for (String table : recount) {
                setCounter(st, snap, table);
            }
            if (retrigger) {
                for (Trigger t : snap.triggers()) {
                    try (PreparedStatement ps = c.prepareStatement("SET SESSION sql_mode = ?")) {
                        ps.setString(1, t.sqlMode());
                        ps.execute();
                    }
                    st.execute(t.statement());
                }
                st.execute(SESSION);
            }
        }
    }

    private static void refill(Statement st, Snap snap, String table) throws SQLException {
        Table t = snap.tables().get(table);
        st.execute("INSERT INTO " + qualified(snap.db(), table) + " (" + t.columns() + ") SELECT " + t.columns()
                + " FROM " + qualified(snap.shadow(), table));
        setCounter(st, snap, table);
    }

    private static void setCounter(Statement st, Snap snap, String table) throws SQLException {
        Table t = snap.tables().get(table);
        if (t.hasAutoIncrement()) {
            st.execute("ALTER TABLE " + qualified(snap.db(), table) + " AUTO_INCREMENT = " + t.autoIncrement());
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try (Connection c = MysqlJdbc.connect(target);
                Statement st = c.createStatement()) {
            for (Snap snap : databases) {
                st.execute("DROP DATABASE IF EXISTS " + MysqlJdbc.quote(snap.shadow()));
            }
        } catch (SQLException e) {
            throw MysqlJdbc.failure(target, "dropping the shadow databases *" + SUFFIX, e);
        }
    }

    @Override
    public String toString() {
        return "MysqlSnapshot[" + target.service() + " "
                + databases.stream().map(Snap::db).toList() + "]";
    }

    /** Closes the other connections whose current database is {@code db}. */
    private static void closeConnections(Connection c, String db) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT ID FROM information_schema.PROCESSLIST WHERE DB = ? AND ID <> CONNECTION_ID()")) {
            ps.setString(1, db);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        }
        try (Statement st = c.createStatement()) {
            for (long id : ids) {
                try {
                    st.execute("KILL CONNECTION " + id);
                } catch (SQLException e) {
                    if (e.getErrorCode() != 1094) { // unknown thread: it ended on its own
                        throw e;
                    }
                }
            }
        }
    }

    /** The columns a copy writes: all but generated ones, in order, quoted. */
    private static String columns(Connection c, String db, String table) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT COLUMN_NAME FROM information_schema.COLUMNS"
                + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND IFNULL(GENERATION_EXPRESSION, '') = ''"
                + " ORDER BY ORDINAL_POSITION")) {
            ps.setString(1, db);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(MysqlJdbc.quote(rs.getString(1)));
                }
            }
        }
        return String.join(", ", out);
    }

    private static String showCreate(Connection c, String name) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SHOW CREATE TABLE " + name)) {
            rs.next();
            return rs.getString(2);
        }
    }

    private static String checksum(Connection c, String name) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("CHECKSUM TABLE " + name + " EXTENDED")) {
            rs.next();
            return String.valueOf(rs.getString(2));
        }
    }

    /** The table's {@code AUTO_INCREMENT} option; 1 when {@code SHOW CREATE TABLE} leaves it out. */
    private static long counter(String create) {
        Matcher m = AUTO_INCREMENT_OPTION.matcher(tableOptions(create));
        return m.find() ? Long.parseLong(m.group(1)) : 1;
    }

    private static String withoutCounter(String create) {
        int options = create.lastIndexOf(')');
        return create.substring(0, options + 1)
                + AUTO_INCREMENT_OPTION.matcher(tableOptions(create)).replaceAll("");
    }

    private static String tableOptions(String create) {
        return create.substring(create.lastIndexOf(')') + 1);
    }

    private static List<Trigger> triggers(Connection c, String db) throws SQLException {
        List<String[]> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(TRIGGERS)) {
            ps.setString(1, db);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
                }
            }
        }
        List<Trigger> out = new ArrayList<>();
        for (String[] row : rows) {
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SHOW CREATE TRIGGER " + qualified(db, row[0]))) {
                rs.next();
                out.add(new Trigger(row[1], row[2], rs.getString(2), rs.getString(3)));
            }
        }
        return out;
    }

    private static final String TRIGGERS = "SELECT TRIGGER_NAME, EVENT_OBJECT_TABLE, CONCAT_WS(' ', TRIGGER_NAME,"
            + " EVENT_OBJECT_TABLE, ACTION_TIMING, EVENT_MANIPULATION, ACTION_ORDER, ACTION_STATEMENT, SQL_MODE,"
            + " DEFINER) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ?"
            + " ORDER BY EVENT_OBJECT_TABLE, ACTION_TIMING, EVENT_MANIPULATION, ACTION_ORDER";

    private static List<String> triggerSignatures(Connection c, String db) throws SQLException {
        return column(c, db, 3);
    }

    private static List<String> triggerNames(Connection c, String db) throws SQLException {
        return column(c, db, 1);
    }

    private static List<String> column(Connection c, String db, int column) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(TRIGGERS)) {
            ps.setString(1, db);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(column));
                }
            }
        }
        return out;
    }

    private static String qualified(String db, String name) {
        return MysqlJdbc.quote(db) + "." + MysqlJdbc.quote(name);
    }
}
