package dev.rollback.databases.backup;

import dev.rollback.databases.spi.DatabaseTarget;
import dev.rollback.databases.spi.LocalCommandRunner;
import dev.rollback.env.ServiceKind;
import dev.rollback.errors.RollbackException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A scratch PostgreSQL cluster on this host for the {@code local} target: {@code initdb} into a private temporary
 * directory (trust authentication, bootstrap superuser named as the live login), started with {@code pg_ctl} on a
 * free loopback port and its own socket directory, stopped ({@code -m immediate}) and deleted on close.
 *
 * <p>Why a cluster and not a scratch database in the live server: a {@code pg_dumpall} dump is cluster-wide. It
 * drops and creates databases by their own names and drops and recreates roles, so it can only be replayed into a
 * server of its own; renaming databases inside the dump would no longer test the dump that a restore would run.
 * The binaries of the dump's major version are used ({@code /usr/lib/postgresql/<major>/bin}, read from the dump's
 * {@code -- Dumped from database version} header), else the newest installed if it is newer. When this process is
 * root, initdb and the server run as the {@code postgres} user (initdb refuses root).
 *
 * <p>{@code try (ScratchServer s = LocalPostgresScratch.start(unit, login, 15)) { ... }}
 */
final class LocalPostgresScratch implements ScratchServer {
    private static final Path VERSIONS = Path.of("/usr/lib/postgresql");
    private static final String OS_USER = "postgres";
    private final Path dir;
    private final Path bin;
    private final DatabaseTarget target;
    private boolean closed;

    private LocalPostgresScratch(Path dir, Path bin, DatabaseTarget target) {
        this.dir = dir;
        this.bin = bin;
        this.target = target;
    }

    /** Whether this host has PostgreSQL server binaries at all. */
    static boolean available() {
        return binaries(-1).isPresent();
    }

    static LocalPostgresScratch start(DatabaseUnit unit, DatabaseTarget login, int major) {
        Path bin = binaries(major)
                .orElseThrow(() -> new RollbackException("service " + unit.service()
                        + ": no PostgreSQL server binaries (initdb, pg_ctl) on this host for a scratch cluster"
                        + (major > 0 ? " of version " + major : "") + "; install postgresql"
                        + (major > 0 ? "-" + major : "")
                        + " or run the drill against the docker target"));
        Path dir;
        try {
            dir = HostProcesses.privateDirectory("rollback-drill-pg-", OS_USER);
        } catch (IOException e) {
            throw new RollbackException(
                    "service " + unit.service() + ": cannot create a scratch directory: " + e.getMessage(), e);
        }
        try {
            Path data = dir.resolve("data");
            HostProcesses.run(
                    HostProcesses.asUser(
                            OS_USER,
                            List.of(
                                    bin.resolve("initdb").toString(),
                                    "-D",
                                    data.toString(),
                                    "-U",
                                    login.user(),
                                    "-A",
                                    "trust",
                                    "-E",
                                    "UTF8",
                                    "--locale=C.UTF-8",
                                    "-N")),
                    dir,
                    Duration.ofMinutes(2),
                    "initdb of the scratch cluster");
            int port = HostProcesses.freePort();
            String options = "-c listen_addresses=127.0.0.1 -p " + port + " -k " + dir
                    + " -c fsync=off -c full_page_writes=off -c synchronous_commit=off";
            HostProcesses.run(
                    HostProcesses.asUser(
                            OS_USER,
                            List.of(
                                    bin.resolve("pg_ctl").toString(),
                                    "-D",
                                    data.toString(),
                                    "-l",
                                    dir.resolve("server.log").toString(),
                                    "-w",
                                    "-t",
                                    "60",
                                    "-o",
                                    options,
                                    "start")),
                    dir,
                    Duration.ofSeconds(70),
                    "start of the scratch cluster");
            DatabaseTarget target = DatabaseTarget.custom(unit.service(), ServiceKind.POSTGRES)
                    .host("127.0.0.1")
                    .port(port)
                    .user(login.user())
                    .scope(login.scope())
                    .connectTimeout(login.connectTimeout())
                    .runner(new LocalCommandRunner())
                    .build();
            return new LocalPostgresScratch(dir, bin, target);
        } catch (RuntimeException e) {
            stopAndDelete(dir, bin);
            throw e;
        }
    }

    /** {@code -- Dumped from database version 15.8 (Debian ...)} in the first lines of a pg_dumpall dump. */
    static int majorVersion(InputStream dump) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(dump, StandardCharsets.UTF_8));
        for (int i = 0; i < 200; i++) {
            String line = r.readLine();
            if (line == null) {
                break;
            }
            Matcher m =
                    Pattern.compile("^-- Dumped from database version (\\d+)").matcher(line);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
        }
        return -1;
    }

    @Override
    public DatabaseTarget target() {
        return target;
    }

    @Override
    public String describe() {
        return "scratch PostgreSQL cluster on 127.0.0.1:" + target.port() + " ("
                + bin.getParent().getFileName() + ")";
    }

    @Override
    public boolean alive() {
        return Files.isRegularFile(dir.resolve("data/postmaster.pid"));
    }

    @Override
    public String logTail() {
        return HostProcesses.tail(dir.resolve("server.log"), 20);
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            stopAndDelete(dir, bin);
        }
    }

    private static void stopAndDelete(Path dir, Path bin) {
        try {
            if (Files.isRegularFile(dir.resolve("data/postmaster.pid"))) {
                HostProcesses.run(
                        HostProcesses.asUser(
                                OS_USER,
                                List.of(
                                        bin.resolve("pg_ctl").toString(),
                                        "-D",
                                        dir.resolve("data").toString(),
                                        "-m",
                                        "immediate",
                                        "-w",
                                        "-t",
                                        "30",
                                        "stop")),
                        dir,
                        Duration.ofSeconds(40),
                        "stop of the scratch cluster");
            }
        } finally {
            HostProcesses.delete(dir);
        }
    }

    /** The bin directory of {@code major} (or of the newest version when -1 or absent). */
    static Optional<Path> binaries(int major) {
        if (major > 0 && Files.isExecutable(VERSIONS.resolve(major + "/bin/initdb"))) {
            return Optional.of(VERSIONS.resolve(major + "/bin"));
        }
        if (Files.isDirectory(VERSIONS)) {
            try (Stream<Path> versions = Files.list(VERSIONS)) {
                List<Path> found = new ArrayList<>(versions.filter(v -> Files.isExecutable(v.resolve("bin/initdb")))
                        .toList());
                found.sort(Comparator.comparingInt(LocalPostgresScratch::versionOf));
                // a newer server restores an older dump; an older one may not
                if (!found.isEmpty() && versionOf(found.get(found.size() - 1)) >= major) {
                    return Optional.of(found.get(found.size() - 1).resolve("bin"));
                }
            } catch (IOException e) {
                return Optional.empty();
            }
        }
        if (major <= 0) {
            Optional<Path> initdb = HostProcesses.which("initdb");
            if (initdb.isPresent() && Files.isExecutable(initdb.get().resolveSibling("pg_ctl"))) {
                return Optional.of(initdb.get().getParent());
            }
        }
        return Optional.empty();
    }

    private static int versionOf(Path dir) {
        try {
            return Integer.parseInt(dir.getFileName().toString());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
