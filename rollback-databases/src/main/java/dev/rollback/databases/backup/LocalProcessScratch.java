package dev.rollback.databases.backup;

import dev.rollback.databases.spi.DatabaseTarget;
import dev.rollback.databases.spi.LocalCommandRunner;
import dev.rollback.env.ServiceKind;
import dev.rollback.errors.RollbackException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A scratch server process on this host for the {@code local} target, in a private temporary directory, on a free
 * loopback port, without authentication (it listens on 127.0.0.1 only and lives for one drill); killed and deleted
 * on close:
 * <ul>
 *   <li>MySQL/MariaDB: {@code mariadb-install-db} (or {@code mysql_install_db}) then {@code mariadbd}
 *       ({@code mysqld}) with {@code --no-defaults}, an init file granting {@code root@127.0.0.1} without a
 *       password (a dump's {@code mysql.*} grant tables replace it on disk but are not flushed, so it keeps working),
 *       the event scheduler off (events are restored, but do not run and change the data before the fingerprint),
 *       binary log off and relaxed flushing. As root, the server runs as the {@code mysql} user
 *       ({@code --user}).</li>
 *   <li>Redis: {@code redis-server --save "" --appendonly no}; a cluster's keys all go into it.</li>
 *   <li>MongoDB: {@code mongod --dbpath} (when installed).</li>
 * </ul>
 *
 * <p>{@code try (ScratchServer s = LocalProcessScratch.start(unit, login)) { ... }}
 */
final class LocalProcessScratch implements ScratchServer {
    private final Path dir;
    private final Process process;
    private final Path log;
    private final DatabaseTarget target;
    private final String what;
    private boolean closed;

    private LocalProcessScratch(Path dir, Process process, Path log, DatabaseTarget target, String what) {
        this.dir = dir;
        this.process = process;
        this.log = log;
        this.target = target;
        this.what = what;
    }

    /** Whether this host has the server binaries for a scratch of {@code kind}. */
    static boolean available(ServiceKind kind) {
        return switch (kind) {
            case MYSQL ->
                HostProcesses.which("mariadbd", "mysqld").isPresent()
                        && HostProcesses.which("mariadb-install-db", "mysql_install_db")
                                .isPresent();
            case REDIS -> HostProcesses.which("redis-server").isPresent();
            case MONGODB -> HostProcesses.which("mongod").isPresent();
            default -> false;
        };
    }

    static LocalProcessScratch start(DatabaseUnit unit, DatabaseTarget login) {
        ServiceKind kind = unit.kind();
        if (!available(kind)) {
            throw new RollbackException("service " + unit.service() + ": no " + kind + " server binaries on this host"
                    + " for a scratch server; install them or run the drill against the docker target");
        }
        String owner = kind == ServiceKind.MYSQL ? "mysql" : null;
        Path dir;
        try {
            dir = HostProcesses.privateDirectory("rollback-drill-" + kind.name().toLowerCase(Locale.ROOT) + "-", owner);
        } catch (IOException e) {
            throw new RollbackException(
                    "service " + unit.service() + ": cannot create a scratch directory: " + e.getMessage(), e);
        }
        Process p = null;
        try {
            int port = HostProcesses.freePort();
            Path log = dir.resolve("server.log");
            List<String> cmd = new ArrayList<>();
            DatabaseTarget.Builder b = DatabaseTarget.custom(unit.service(), kind)
                    .host("127.0.0.1")
                    .port(port)
                    .scope(login.scope())
                    .connectTimeout(login.connectTimeout())
                    .runner(new LocalCommandRunner());
            String what;
            switch (kind) {
                case MYSQL -> {
                    Path data = dir.resolve("data");
                    List<String> install = new ArrayList<>(List.of(
                            HostProcesses.which("mariadb-install-db", "mysql_install_db")
                                    .orElseThrow()
                                    .toString(),
                            "--no-defaults",
                            "--datadir=" + data,
                            "--auth-root-authentication-method=normal",
                            "--skip-test-db"));
                    if (HostProcesses.root()) {
                        install.add("--user=mysql");
                    }
                    HostProcesses.run(install, dir, Duration.ofMinutes(2), "mariadb-install-db of the scratch server");
                    Path init = dir.resolve("init.sql");
                    Files.writeString(
                            init,
                            "CREATE USER IF NOT EXISTS 'root'@'127.0.0.1';\n"
                                    + "GRANT ALL ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;\n");
                    if (HostProcesses.root()) {
                        HostProcesses.chown(init, "mysql");
                    }
                    cmd.addAll(List.of(
                            HostProcesses.which("mariadbd", "mysqld")
                                    .orElseThrow()
                                    .toString(),
                            "--no-defaults",
                            "--datadir=" + data,
                            "--socket=" + dir.resolve("mysqld.sock"),
                            "--pid-file=" + dir.resolve("mysqld.pid"),
                            "--port=" + port,
                            "--bind-address=127.0.0.1",
                            "--init-file=" + init,
                            "--skip-name-resolve",
                            "--event-scheduler=OFF",
                            "--skip-log-bin",
                            "--innodb-buffer-pool-size=64M",
                            "--innodb-flush-log-at-trx-commit=0",
                            "--character-set-server=utf8mb4",
                            "--log-error=" + log));
                    if (HostProcesses.root()) {
                        cmd.add("--user=mysql");
                    }
                    b.user("root");
                    what = "scratch MariaDB server";
                }
                case REDIS -> {
                    cmd.addAll(List.of(
                            HostProcesses.which("redis-server").orElseThrow().toString(),
                            "--port",
                            Integer.toString(port),
                            "--bind",
                            "127.0.0.1",
                            "--save",
                            "",
                            "--appendonly",
                            "no",
                            "--dir",
                            dir.toString(),
                            "--daemonize",
                            "no",
                            "--logfile",
                            log.toString()));
                    b.user("");
                    what = "scratch Redis server";
                }
                case MONGODB -> {
                    Path data = dir.resolve("db");
                    Files.createDirectories(data);
                    cmd.addAll(List.of(
                            HostProcesses.which("mongod").orElseThrow().toString(),
                            "--dbpath",
                            data.toString(),
                            "--port",
                            Integer.toString(port),
                            "--bind_ip",
                            "127.0.0.1",
                            "--logpath",
                            log.toString()));
                    b.user("");
                    what = "scratch MongoDB server";
                }
                default -> throw new RollbackException("service " + unit.service() + ": no local scratch for " + kind);
            }
            p = HostProcesses.spawn(cmd, dir, dir.resolve("stdout.log"), what);
            return new LocalProcessScratch(dir, p, log, b.build(), what + " on 127.0.0.1:" + port);
        } catch (IOException | RuntimeException e) {
            HostProcesses.stop(p, Duration.ofSeconds(5));
            HostProcesses.delete(dir);
            throw e instanceof RollbackException re
                    ? re
                    : new RollbackException(
                            "service " + unit.service() + ": the scratch server could not be started: "
                                    + e.getMessage(),
                            e);
        }
    }

    @Override
    public DatabaseTarget target() {
        return target;
    }

    @Override
    public String describe() {
        return what;
    }

    @Override
    public boolean alive() {
        return process.isAlive();
    }

    @Override
    public String logTail() {
        String server = HostProcesses.tail(log, 15);
        String out = HostProcesses.tail(dir.resolve("stdout.log"), 5);
        return (server + "\n" + out).strip();
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            try {
                HostProcesses.stop(process, Duration.ofSeconds(10));
            } finally {
                HostProcesses.delete(dir);
            }
        }
    }
}
