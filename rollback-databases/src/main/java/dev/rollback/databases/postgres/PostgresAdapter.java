package dev.rollback.databases.postgres;

import dev.rollback.databases.DumpDigest;
import dev.rollback.databases.JdbcHealth;
import dev.rollback.databases.SafetyDumps;
import dev.rollback.databases.SqlDumpCheck;
import dev.rollback.databases.spi.Command;
import dev.rollback.databases.spi.CommandResult;
import dev.rollback.databases.spi.DatabaseAdapter;
import dev.rollback.databases.spi.DatabaseHealth;
import dev.rollback.databases.spi.DatabaseTarget;
import dev.rollback.databases.spi.DumpResult;
import dev.rollback.databases.spi.Fingerprint;
import dev.rollback.databases.spi.RestoreOptions;
import dev.rollback.databases.spi.RestoreResult;
import dev.rollback.env.ServiceKind;
import dev.rollback.errors.RollbackException;
import dev.rollback.spi.DataSnapshot;
import dev.rollback.spi.DumpSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * PostgreSQL: the whole cluster (roles, tablespaces, every database) with {@code pg_dumpall --clean --if-exists},
 * restored with {@code psql -v ON_ERROR_STOP=1} after a safety dump; health is {@code SELECT 1} over JDBC.
 *
 * <p>{@code new PostgresAdapter().dump(target, Files.newOutputStream(backup.resolve("postgres.sql")));}
 *
 * <p>A dump is complete when its last lines hold pg_dumpall's own end marker
 * ({@value #END_MARKER}); restores refuse a dump without it before changing anything.
 */
public final class PostgresAdapter implements DatabaseAdapter {
    /** The comment pg_dumpall writes last. */
    public static final String END_MARKER = "PostgreSQL database cluster dump complete";

    private static final Pattern CREATE_DATABASE = Pattern.compile("^CREATE DATABASE (\"(?:[^\"]|\"\")*\"|\\S+)");
    private static final Set<String> KEEP = Set.of("postgres", "template0", "template1");

    @Override
    public Set<ServiceKind> kinds() {
        return Set.of(ServiceKind.POSTGRES);
    }

    @Override
    public DatabaseHealth health(DatabaseTarget target) {
        return JdbcHealth.check(
                target,
                () -> PostgresJdbc.connect(target, entryDatabase(target)),
                "SELECT 1, current_setting('server_version')",
                (doing, e) -> PostgresJdbc.failure(target, doing, e));
    }

    @Override
    public DumpResult dump(DatabaseTarget target, OutputStream out) {
        health(target);
        List<String> args = new ArrayList<>(connectionArguments(target));
        args.addAll(List.of("--clean", "--if-exists", "-l", entryDatabase(target)));
        for (String excluded : excludedDatabases(target)) {
            args.add("--exclude-database=" + excluded);
        }
        DumpDigest digest = new DumpDigest(out);
        CommandResult r = target.runner()
                .run(Command.of("pg_dumpall", args)
                        .withEnvironment(environment(target))
                        .withStdout(digest)
                        .withTimeout(target.operationTimeout()));
        if (!r.succeeded()) {
            throw new RollbackException("service " + target.service() + ": pg_dumpall failed (exit " + r.exitCode()
                    + ", via " + target.runner().describe() + "): "
                    + r.stderrTail().strip()
                    + "; the dump is incomplete, discard it");
        }
        if (!digest.tailContains(END_MARKER)) {
            throw new RollbackException("service " + target.service() + ": pg_dumpall exited 0 but its output does"
                    + " not end with \"" + END_MARKER + "\"; the dump is incomplete, discard it");
        }
        return new DumpResult(
                target.service(), digest.bytes(), digest.sha256Hex(), "pg_dumpall-sql", "pg_dumpall", r.duration());
    }

    @Override
    public RestoreResult restore(DatabaseTarget target, DumpSource source, RestoreOptions options) {
        long start = System.nanoTime();
        if (!options.clean()) {
            throw new RollbackException(
                    "service " + target.service() + ": a pg_dumpall dump always replaces the"
                            + " databases and roles it holds; a merging restore is not offered. Use RestoreOptions.ofDefaults()");
        }
        SqlDumpCheck check =
                SqlDumpCheck.verify(target.service(), source, END_MARKER, CREATE_DATABASE, options.expectedSha256());
        refuseDropsOutsideScope(target, source);
        Optional<Path> safety = SafetyDumps.take(this, target, options, ".sql");
        List<String> dropped = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        try (Connection c = PostgresJdbc.connect(target, entryDatabase(target));
                Statement st = c.createStatement()) {
            List<String> present = databases(c, target);
            List<String> toClose = new ArrayList<>(check.databases());
            List<String> extra = new ArrayList<>();
            for (String db : present) {
                if (!check.databases().contains(db) && !KEEP.contains(db)) {
                    extra.add(db);
                }
            }
            if (options.dropExtras()) {
                toClose.addAll(extra);
                dropped.addAll(extra);
            } else if (!extra.isEmpty()) {
                warnings.add(RestoreResult.names(
                        "kept database(s) the dump does not have (dropExtra() removes" + " them)", extra, 20));
            }
            int closed = terminate(c, toClose);
            if (closed > 0) {
                warnings.add("closed " + closed + " other session(s) on the databases being replaced");
            }
            for (String db : dropped) {
                st.execute("DROP DATABASE IF EXISTS " + PostgresJdbc.quote(db) + " WITH (FORCE)");
            }
        } catch (SQLException e) {
            throw PostgresJdbc.failure(target, "preparing the restore (closing sessions, dropping extra databases)", e);
        }
        List<String> args = new ArrayList<>(connectionArguments(target));
        args.addAll(List.of("-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", entryDatabase(target)));
        try (InputStream in = new PgGlobalsFilter(source.open(), target.user())) {
            long length = source.length() - PgGlobalsFilter.removedBytes(source.open(), target.user());
            CommandResult r = target.runner()
                    .run(Command.of("psql", args)
                            .withEnvironment(environment(target))
                            .withStdin(in, length)
                            .withStdout(OutputStream.nullOutputStream())
                            .withTimeout(target.operationTimeout()));
            r.stderrTail()
                    .lines()
                    .filter(l -> l.contains("WARNING:"))
                    .map(l -> "psql: " + l.strip())
                    .forEach(warnings::add);
            if (!r.succeeded()) {
                throw new RollbackException("service " + target.service() + ": psql stopped at the first error (exit "
                        + r.exitCode() + "): " + r.stderrTail().strip()
                        + safety.map(p -> "; the data before the restore" + " is in " + p.getFileName()
                                        + ", restore it to go back")
                                .orElse(""));
            }
        } catch (IOException e) {
            throw new RollbackException("service " + target.service() + ": cannot read " + source.describe(), e);
        }
        return new RestoreResult(
                target.service(),
                check.bytes(),
                safety,
                dropped,
                Duration.ofNanos(System.nanoTime() - start),
                warnings);
    }

    @Override
    public Fingerprint fingerprint(DatabaseTarget target) {
        return new PostgresFingerprint(target).take();
    }

    /**
     * A snapshot kept as template databases {@code <db>__rbsnap} on the server; a reset drops each database and
     * creates it again from its template (see {@link PostgresSnapshot}).
     */
    @Override
    public DataSnapshot snapshot(DatabaseTarget target) {
        return PostgresSnapshot.take(target);
    }

    /** Terminates other sessions on the databases about to be dropped and recreated. */
    private static int terminate(Connection c, List<String> dbs) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))"
                + " FROM pg_stat_activity WHERE datname = ANY (?) AND pid <> pg_backend_pid()")) {
            ps.setArray(1, c.createArrayOf("text", dbs.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
    }

    static List<String> databases(Connection c, DatabaseTarget target) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs =
                        st.executeQuery("SELECT datname FROM pg_database WHERE NOT datistemplate ORDER BY datname")) {
            while (rs.next()) {
                String db = rs.getString(1);
                if (target.scope().isEmpty() || target.scope().contains(db)) {
                    out.add(db);
                }
            }
        }
        return out;
    }

    /**
     * A scoped restore of a dump that would drop databases outside the scope that exist on the server is refused,
     * untouched (pg_dumpall 15 writes {@code DROP DATABASE} for the databases it excluded). Into a server without them
     * (a drill's scratch cluster) it goes ahead.
     */
    private void refuseDropsOutsideScope(DatabaseTarget target, DumpSource source) {
        if (target.scope().isEmpty()) {
            return;
        }
        List<String> outside;
        try (InputStream in = source.open()) {
            outside = new ArrayList<>(PgScopedDrops.outside(in, target.scope()));
        } catch (IOException e) {
            throw new RollbackException(
                    "service " + target.service() + ": cannot read " + source.describe() + ": " + e.getMessage(), e);
        }
        if (outside.isEmpty()) {
            return;
        }
        try (Connection c = PostgresJdbc.connect(target, entryDatabase(target))) {
            outside.retainAll(databases(c, target.withScope(List.of())));
        } catch (SQLException e) {
            throw PostgresJdbc.failure(target, "listing its databases", e);
        }
        if (!outside.isEmpty()) {
            throw new RollbackException("service " + target.service() + ": the dump drops databases outside the "
                    + "restore's scope " + target.scope() + " that this server has (" + String.join(", ", outside)
                    + "), as pg_dumpall 15 writes for excluded databases; nothing was changed. Restore the whole "
                    + "cluster, or restore the scoped databases by hand from the dump");
        }
    }

    private List<String> excludedDatabases(DatabaseTarget target) {
        if (target.scope().isEmpty()) {
            return List.of();
        }
        try (Connection c = PostgresJdbc.connect(target, entryDatabase(target));
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT datname FROM pg_database WHERE NOT datistemplate")) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                if (!target.scope().contains(rs.getString(1))) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        } catch (SQLException e) {
            throw PostgresJdbc.failure(target, "listing databases", e);
        }
    }

    /**
     * The database the tools connect to first: the maintenance database ({@code postgres}, or the target option
     * {@code maintenanceDatabase}), never the application's own, which a whole-cluster restore drops and recreates
     * (PostgreSQL refuses to drop the database a session is connected to).
     */
    static String entryDatabase(DatabaseTarget target) {
        return target.option("maintenanceDatabase").orElse("postgres");
    }

    private static List<String> connectionArguments(DatabaseTarget target) {
        return List.of(
                "-h",
                target.runner().toolHost(target),
                "-p",
                Integer.toString(target.runner().toolPort(target)),
                "-U",
                target.user(),
                "--no-password");
    }

    private static Map<String, String> environment(DatabaseTarget target) {
        Map<String, String> env = new HashMap<>();
        target.password().ifPresent(pw -> env.put("PGPASSWORD", pw));
        env.put(
                "PGCONNECT_TIMEOUT",
                Long.toString(Math.max(2, target.connectTimeout().toSeconds())));
        env.put("PGAPPNAME", "rollback");
        return env;
    }
}
