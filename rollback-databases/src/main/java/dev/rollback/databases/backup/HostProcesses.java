package dev.rollback.databases.backup;

import dev.rollback.errors.RollbackException;
import dev.rollback.io.FileTrees;
import dev.rollback.io.SecureFiles;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What local scratch servers need of this host: finding server binaries, a private directory, a free loopback port,
 * and running commands as the engine's own user when this process is root (initdb refuses root).
 *
 * <p>{@code HostProcesses.run(asUser("postgres", List.of(initdb, "-D", dir)), dir, ofSeconds(60), "initdb");}
 */
final class HostProcesses {
    private static final List<String> SYSTEM_DIRS =
            List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin");

    private HostProcesses() {}

    static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** {@code command} as {@code user} through {@code runuser} when this process is root, else unchanged. */
    static List<String> asUser(String user, List<String> command) {
        if (!root()) {
            return command;
        }
        List<String> out =
                new ArrayList<>(List.of(which("runuser").map(Path::toString).orElse("runuser"), "-u", user, "--"));
        out.addAll(command);
        return out;
    }

    /** The first of {@code names} found on the PATH or in the system's sbin/bin directories. */
    static Optional<Path> which(String... names) {
        List<String> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(File.pathSeparator)));
        }
        dirs.addAll(SYSTEM_DIRS);
        for (String name : names) {
            for (String dir : dirs) {
                if (dir.isEmpty()) {
                    continue;
                }
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p) && !Files.isDirectory(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    /** A new 0700 directory under the system temp directory, owned by {@code owner} when this process is root. */
    static Path privateDirectory(String prefix, String owner) throws IOException {
        Path base = Path.of(System.getProperty("java.io.tmpdir"));
        Path dir = Files.createTempDirectory(base, prefix);
        SecureFiles.createPrivateDirectories(dir);
        if (root() && owner != null) {
            chown(dir, owner);
        }
        return dir;
    }

    static void chown(Path path, String user) throws IOException {
        UserPrincipalLookupService users = path.getFileSystem().getUserPrincipalLookupService();
        try {
            UserPrincipal u = users.lookupPrincipalByName(user);
            PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
            view.setOwner(u);
            try {
                GroupPrincipal g = users.lookupPrincipalByGroupName(user);
                view.setGroup(g);
            } catch (UserPrincipalNotFoundException noGroup) {
                // the user's own group is enough
            }
        } catch (UserPrincipalNotFoundException e) {
            throw new RollbackException("this process runs as root and the server must not, but there is no user '"
                    + user + "' to run it as; create it or run the drill as an ordinary user");
        }
    }

    /** A port nothing listens on right now (another process may take it before the server binds it). */
    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new RollbackException("no free loopback port for a scratch server: " + e.getMessage(), e);
        }
    }

    /** Runs a command to its end; a failure is an error quoting the end of its output. */
    static String run(List<String> command, Path dir, Duration timeout, String what) {
        Path log = dir.resolve("command.log");
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        try {
            Process p = pb.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new RollbackException(
                        what + " did not finish within " + timeout.toSeconds() + " s: " + tail(log, 10));
            }
            String out = Files.readString(log, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new RollbackException(what + " failed (exit " + p.exitValue() + "): " + tail(log, 10));
            }
            return out;
        } catch (IOException e) {
            throw new RollbackException(what + " could not be started: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RollbackException(what + " was interrupted", e);
        }
    }

    /** Starts a long-running server process, its output into {@code log}. */
    static Process spawn(List<String> command, Path dir, Path log, String what) {
        try {
            return new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
        } catch (IOException e) {
            throw new RollbackException(what + " could not be started: " + e.getMessage(), e);
        }
    }

    /** Stops a server process: TERM, then KILL after {@code grace}, its children included. */
    static void stop(Process p, Duration grace) {
        if (p == null || !p.isAlive()) {
            return;
        }
        List<ProcessHandle> children = p.descendants().toList();
        p.destroy();
        try {
            if (!p.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
        children.forEach(ProcessHandle::destroyForcibly);
    }

    /** The last lines of a log file, or a note that there is none. */
    static String tail(Path log, int lines) {
        try (Stream<String> s = Files.lines(log, StandardCharsets.UTF_8)) {
            List<String> all = s.toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()))
                    .strip();
        } catch (IOException | UncheckedIOException e) {
            return "(no log)";
        }
    }

    static void delete(Path dir) {
        try {
            FileTrees.delete(dir);
        } catch (IOException e) {
            throw new RollbackException(
                    "could not remove the scratch directory " + dir + " (" + e.getMessage() + "); remove it by hand",
                    e);
        }
    }
}
