package dev.rollback.databases.postgres;

import dev.rollback.databases.spi.DatabaseTarget;
import dev.rollback.errors.RollbackException;
import dev.rollback.spi.DataSnapshot;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A PostgreSQL snapshot kept as template databases on the server: per database in the target's scope (every
 * non-template database when the scope is empty), {@code CREATE DATABASE "<db>__rbsnap" TEMPLATE "<db>"}, marked
 * {@code IS_TEMPLATE true ALLOW_CONNECTIONS false} so that nobody connects to it and scope-wide listings, dumps and
 * fingerprints leave it out. A reset closes the sessions on {@code <db>}, drops it {@code WITH (FORCE)} and creates
 * it again from the template with its owner, which is a file copy: its cost grows with the database's size, not with
 * what changed.
 *
 * <p>{@code try (DataSnapshot s = new PostgresAdapter().snapshot(target)) { runTest(); s.reset(); }}
 *
 * <p>Taking it closes the other sessions on each database (a template must have none). A {@code <db>__rbsnap}
 * left by an earlier run that crashed before {@link #close()} is dropped and taken again. A database in an explicit
 * scope that does not exist yet is dropped by a reset when it has been created since. Roles and the other
 * cluster-wide objects are not part of the snapshot; neither are the database's own grants, comments, connection
 * limit and {@code ALTER DATABASE ... SET} settings, which the recreated database does not carry (its owner, encoding,
 * locale and tablespace it keeps). The maintenance database, when in scope, is reset over a session on
 * {@code template1}.
 */
final class PostgresSnapshot implements DataSnapshot {
    /** What a snapshot database's name adds to its database's. */
    static final String SUFFIX = "__rbsnap";

    private static final int MAX_NAME_BYTES = 63;
    private static final int ATTEMPTS = 3;

    private final DatabaseTarget target;
    /** Database name to its owner, in the order taken. */
    private final Map<String, String> owners;
    /** Databases in an explicit scope that did not exist when the snapshot was taken. */
    private final List<String> absent;

    private final Duration took;
    private boolean closed;

    private PostgresSnapshot(DatabaseTarget target, Map<String, String> owners, List<String> absent, Duration took) {
        this.target = target;
        this.owners = owners;
        this.absent = absent;
        this.took = took;
    }

    /** Takes the snapshot of every database in the target's scope. */
    static PostgresSnapshot take(DatabaseTarget target) {
        long start = System.nanoTime();
        Map<String, String> owners = new LinkedHashMap<>();
        List<String> absent = new ArrayList<>();
        String entry = PostgresAdapter.entryDatabase(target);
        try (Connection c = PostgresJdbc.connect(target, entry)) {
            for (String db : PostgresAdapter.databases(c, target)) {
                if (!db.endsWith(SUFFIX)) {
                    owners.put(db, owner(c, db));
                }
            }
            for (String db : target.scope()) {
                if (!owners.containsKey(db)) {
                    absent.add(db);
                }
            }
            for (String db : owners.keySet()) {
                snapshotName(target, db);
            }
        } catch (SQLException e) {
            throw PostgresJdbc.failure(target, "listing the databases to snapshot", e);
        }
        if (owners.isEmpty()) {
            throw new RollbackException("service " + target.service() + ": no database in scope "
                    + (target.scope().isEmpty() ? "(all)" : target.scope()) + " exists; nothing to snapshot."
                    + " Create the databases first");
        }
        List<String> taken = new ArrayList<>();
        try {
            each(target, List.copyOf(owners.keySet()), "taking the snapshot of database ", (c, db) -> {
                String snap = snapshotName(target, db);
                dropSnapshotDatabase(c, snap);
                taken.add(db);
                copy(c, db, snap, null);
                try (Statement st = c.createStatement()) {
                    st.execute("ALTER DATABASE " + PostgresJdbc.quote(snap) + " WITH IS_TEMPLATE true"
                            + " ALLOW_CONNECTIONS false");
                }
            });
        } catch (RuntimeException e) {
            try {
                each(
                        target,
                        taken,
                        "removing the partial snapshot of database ",
                        (c, db) -> dropSnapshotDatabase(c, db + SUFFIX));
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        return new PostgresSnapshot(target, owners, absent, Duration.ofNanos(System.nanoTime() - start));
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
        each(target, absent, "dropping a database created since the snapshot: ", (c, db) -> {
            terminate(c, db);
            try (Statement st = c.createStatement()) {
                st.execute("DROP DATABASE IF EXISTS " + PostgresJdbc.quote(db) + " WITH (FORCE)");
            }
        });
        each(target, List.copyOf(owners.keySet()), "resetting from its snapshot database ", (c, db) -> {
            terminate(c, db);
            try (Statement st = c.createStatement()) {
                st.execute("DROP DATABASE IF EXISTS " + PostgresJdbc.quote(db) + " WITH (FORCE)");
            }
            copy(c, snapshotName(target, db), db, owners.get(db));
        });
        return Duration.ofNanos(System.nanoTime() - start);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        each(target, List.copyOf(owners.keySet()), "dropping the snapshot of database ", (c, db) -> {
            dropSnapshotDatabase(c, db + SUFFIX);
        });
    }

    @Override
    public String toString() {
        return "PostgresSnapshot[" + target.service() + " " + owners.keySet() + "]";
    }

    /** {@code <db>__rbsnap}, refused when PostgreSQL would cut it short (63 bytes) and so mix two databases up. */
    private static String snapshotName(DatabaseTarget target, String db) {
        String name = db + SUFFIX;
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            throw new RollbackException("service " + target.service() + ": database " + db + " has too long a name"
                    + " for its snapshot database (" + name + " is over PostgreSQL's " + MAX_NAME_BYTES
                    + " bytes); give it a name of at most " + (MAX_NAME_BYTES - SUFFIX.length()) + " bytes");
        }
        return name;
    }

    private static String owner(Connection c, String db) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = ?")) {
            ps.setString(1, db);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    /**
     * {@code CREATE DATABASE to TEMPLATE from}, after closing the sessions on {@code from}; tried again when a client
     * connected to it in between (SQLSTATE 55006).
     */
    private static void copy(Connection c, String from, String to, String owner) throws SQLException {
        String sql = "CREATE DATABASE " + PostgresJdbc.quote(to) + " TEMPLATE " + PostgresJdbc.quote(from)
                + (owner == null ? "" : " OWNER " + PostgresJdbc.quote(owner));
        for (int attempt = 1; ; attempt++) {
            terminate(c, from);
            try (Statement st = c.createStatement()) {
                st.execute(sql);
                return;
            } catch (SQLException e) {
                if (!"55006".equals(e.getSQLState()) || attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /** Drops a snapshot database, a template that takes no connections, if it exists. */
    private static void dropSnapshotDatabase(Connection c, String snap) throws SQLException {
        boolean exists;
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            ps.setString(1, snap);
            try (ResultSet rs = ps.executeQuery()) {
                exists = rs.next();
            }
        }
        if (exists) {
            try (Statement st = c.createStatement()) {
                st.execute("ALTER DATABASE " + PostgresJdbc.quote(snap) + " WITH IS_TEMPLATE false");
                st.execute("DROP DATABASE IF EXISTS " + PostgresJdbc.quote(snap) + " WITH (FORCE)");
            }
        }
    }

    /** Terminates the other sessions on {@code db}. */
    private static void terminate(Connection c, String db) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                + " WHERE datname = ? AND pid <> pg_backend_pid()")) {
            ps.setString(1, db);
            ps.executeQuery().close();
        }
    }

    /**
     * Runs {@code work} for each database on one session on the maintenance database; for the maintenance database
     * itself on a session on {@code template1} (a session cannot drop its own database).
     */
    private static void each(DatabaseTarget target, List<String> dbs, String doing, SqlWork work) {
        if (dbs.isEmpty()) {
            return;
        }
        String entry = PostgresAdapter.entryDatabase(target);
        String current = null;
        try (Connection c = PostgresJdbc.connect(target, entry)) {
            for (String db : dbs) {
                current = db;
                if (db.equals(entry)) {
                    try (Connection other = PostgresJdbc.connect(target, "template1")) {
                        work.run(other, db);
                    }
                } else {
                    work.run(c, db);
                }
            }
        } catch (SQLException e) {
            throw PostgresJdbc.failure(target, doing + current, e);
        }
    }

    @FunctionalInterface
    private interface SqlWork {
        void run(Connection c, String db) throws SQLException;
    }
}
