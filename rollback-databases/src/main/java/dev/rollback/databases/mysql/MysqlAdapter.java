package dev.rollback.databases.mysql;

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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * MySQL and MariaDB: {@code mysqldump}/{@code mariadb-dump --all-databases --single-transaction --routines
 * --triggers --events} (or {@code --databases} for the target's scope), restored as root with the
 * {@code mysql}/{@code mariadb} client, which stops at the first error; health is {@code SELECT 1} over JDBC.
 * The password goes in {@code MYSQL_PWD}, never in arguments.
 *
 * <p>{@code new MysqlAdapter().restore(target, DumpSource.ofFile(dump), RestoreOptions.ofDefaults());}
 *
 * <p>A dump is complete when its last lines hold the tool's {@value #END_MARKER} comment.
 */
public final class MysqlAdapter implements DatabaseAdapter {
    /** The comment mysqldump and mariadb-dump write last (comments are on by default). */
    public static final String END_MARKER = "-- Dump completed";

    static final Set<String> SYSTEM = Set.of("mysql", "information_schema", "performance_schema", "sys");
    private static final Pattern CREATE_DATABASE =
            Pattern.compile("^CREATE DATABASE (?:/\\*!32312 IF NOT EXISTS\\*/ )?(`(?:[^`]|``)*`)");

    @Override
    public Set<ServiceKind> kinds() {
        return Set.of(ServiceKind.MYSQL);
    }

    @Override
    public DatabaseHealth health(DatabaseTarget target) {
        return JdbcHealth.check(
                target,
                () -> MysqlJdbc.connect(target),
                "SELECT 1, VERSION()",
                (doing, e) -> MysqlJdbc.failure(target, doing, e));
    }

    @Override
    public DumpResult dump(DatabaseTarget target, OutputStream out) {
        boolean mariadb;
        List<String> databases;
        // one connection for the server's kind and the databases in scope (it also fails fast on a bad password)
        try (Connection c = MysqlJdbc.connect(target)) {
            mariadb = isMariaDb(c);
            databases = target.scope().isEmpty() ? List.of() : databases(c, target);
        } catch (SQLException e) {
            throw MysqlJdbc.failure(target, "reading the server version and databases", e);
        }
        if (!target.scope().isEmpty() && databases.isEmpty()) {
            throw new RollbackException("service " + target.service() + ": none of the databases in scope "
                    + target.scope() + " exists; nothing to dump");
        }
        String tool = target.option("dumpTool").orElse(mariadb ? "mariadb-dump" : "mysqldump");
        List<String> args = dumpArguments(target, mariadb, databases);
        DumpDigest digest = new DumpDigest(out);
        CommandResult r = target.runner()
                .run(Command.of(tool, args)
                        .withEnvironment(environment(target))
                        .withStdout(digest)
                        .withTimeout(target.operationTimeout()));
        if (!r.succeeded()) {
            throw new RollbackException("service " + target.service() + ": " + tool + " failed (exit " + r.exitCode()
                    + ", via " + target.runner().describe() + "): "
                    + r.stderrTail().strip()
                    + "; the dump is incomplete, discard it");
        }
        if (!digest.tailContains(END_MARKER)) {
            throw new RollbackException("service " + target.service() + ": " + tool + " exited 0 but its output does"
                    + " not end with \"" + END_MARKER + "\"; the dump is incomplete, discard it");
        }
        return new DumpResult(
                target.service(), digest.bytes(), digest.sha256Hex(), "mysqldump-sql", tool, r.duration());
    }

    @Override
    public RestoreResult restore(DatabaseTarget target, DumpSource source, RestoreOptions options) {
        long start = System.nanoTime();
        SqlDumpCheck check =
                SqlDumpCheck.verify(target.service(), source, END_MARKER, CREATE_DATABASE, options.expectedSha256());
        Optional<Path> safety = SafetyDumps.take(this, target, options, ".sql");
        List<String> dropped = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        boolean mariadb;
        try (Connection c = MysqlJdbc.connect(target);
                Statement st = c.createStatement()) {
            mariadb = isMariaDb(c);
            Set<String> drop = new LinkedHashSet<>();
            if (options.clean()) {
                check.databases().stream().filter(db -> !SYSTEM.contains(db)).forEach(drop::add);
            }
            List<String> extra = databases(c, target).stream()
                    .filter(db -> !check.databases().contains(db))
                    .toList();
            if (options.dropExtras()) {
                drop.addAll(extra);
                dropped.addAll(extra);
            } else if (!extra.isEmpty()) {
                warnings.add(RestoreResult.names(
                        "kept database(s) the dump does not have (dropExtra() removes" + " them)", extra, 20));
            }
            for (String db : drop) {
                st.execute("DROP DATABASE IF EXISTS " + MysqlJdbc.quote(db));
            }
        } catch (SQLException e) {
            throw MysqlJdbc.failure(target, "preparing the restore (dropping databases to recreate)", e);
        }
        String tool = target.option("clientTool").orElse(mariadb ? "mariadb" : "mysql");
        List<String> args = new ArrayList<>(connectionArguments(target));
        args.addAll(List.of("--default-character-set=utf8mb4", "--binary-mode"));
        try (InputStream in = source.open()) {
            CommandResult r = target.runner()
                    .run(Command.of(tool, args)
                            .withEnvironment(environment(target))
                            .withStdin(in, source.length())
                            .withStdout(OutputStream.nullOutputStream())
                            .withTimeout(target.operationTimeout()));
            if (!r.succeeded()) {
                throw new RollbackException("service " + target.service() + ": " + tool + " stopped at the first"
                        + " error (exit " + r.exitCode() + "): "
                        + r.stderrTail().strip()
                        + safety.map(p -> "; the data" + " before the restore is in " + p.getFileName()
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

    /**
     * The dump tool's arguments. On a MySQL server (not MariaDB) {@code --set-gtid-purged} is set, to the target
     * option {@code gtidPurged} or {@code OFF}: a GTID server's dump otherwise carries {@code SET
     * @@GLOBAL.GTID_PURGED}, which a restore into a server with its own GTID history refuses.
     *
     * @param databases the databases to dump; empty for {@code --all-databases}
     */
    static List<String> dumpArguments(DatabaseTarget target, boolean mariadb, List<String> databases) {
        List<String> args = new ArrayList<>(connectionArguments(target));
        args.addAll(List.of(
                "--single-transaction",
                "--routines",
                "--triggers",
                "--events",
                "--hex-blob",
                "--default-character-set=utf8mb4"));
        if (!mariadb) {
            args.add("--set-gtid-purged=" + target.option("gtidPurged").orElse("OFF"));
        }
        if (databases.isEmpty()) {
            args.add("--all-databases");
        } else {
            args.add("--databases");
            args.addAll(databases);
        }
        return args;
    }

    @Override
    public Fingerprint fingerprint(DatabaseTarget target) {
        return new MysqlFingerprint(target).take();
    }

    /**
     * A snapshot kept in shadow databases {@code <db>__rbsnap} on the server; a reset refills only the tables that
     * changed (see {@link MysqlSnapshot}).
     */
    @Override
    public DataSnapshot snapshot(DatabaseTarget target) {
        return MysqlSnapshot.take(target);
    }

    /** User databases in the target's scope (system schemas excluded). */
    static List<String> databases(Connection c, DatabaseTarget target) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs =
                        st.executeQuery("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA ORDER BY SCHEMA_NAME")) {
            while (rs.next()) {
                String db = rs.getString(1);
                if (!SYSTEM.contains(db)
                        && (target.scope().isEmpty() || target.scope().contains(db))) {
                    out.add(db);
                }
            }
        }
        return out;
    }

    private static boolean isMariaDb(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT VERSION()")) {
            return rs.next() && rs.getString(1).contains("MariaDB");
        }
    }

    private static List<String> connectionArguments(DatabaseTarget target) {
        return List.of(
                "--host=" + target.runner().toolHost(target),
                "--port=" + target.runner().toolPort(target),
                "--user=" + target.user(),
                "--protocol=TCP");
    }

    private static Map<String, String> environment(DatabaseTarget target) {
        return target.password()
                .filter(p -> !p.isEmpty())
                .map(p -> Map.of("MYSQL_PWD", p))
                .orElse(Map.of());
    }
}
