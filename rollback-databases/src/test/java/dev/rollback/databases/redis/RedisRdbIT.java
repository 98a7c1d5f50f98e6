package dev.rollback.databases.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollback.databases.FramedArchive;
import dev.rollback.databases.spi.DatabaseTarget;
import dev.rollback.databases.spi.DumpResult;
import dev.rollback.databases.spi.Fingerprint;
import dev.rollback.databases.spi.LocalCommandRunner;
import dev.rollback.databases.spi.RestoreOptions;
import dev.rollback.databases.spi.RestoreResult;
import dev.rollback.env.ServiceKind;
import dev.rollback.errors.RollbackException;
import dev.rollback.spi.DumpSource;
import dev.rollback.testing.RequiresRedis;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.SaveMode;

/**
 * The {@code rdb} format against a real redis-server of the test's own on this host (daemonized, so the adapter's
 * {@code restart_command} starts it again exactly as the test first did): the snapshot over SYNC, the node restarted
 * on the restored file, and every way it must refuse before touching the data.
 */
@RequiresRedis
class RedisRdbIT {
    private final RedisAdapter adapter = new RedisAdapter();

    @TempDir
    Path dir;

    private int port;
    private DatabaseTarget target;

    @BeforeEach
    void start() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String start = "redis-server --daemonize yes --bind 127.0.0.1 --port " + port + " --dir '" + dir
                + "' --save '' --appendonly no --logfile '" + dir.resolve("redis.log") + "'";
        target = DatabaseTarget.custom("redis", ServiceKind.REDIS)
                .host("127.0.0.1")
                .port(port)
                .runner(new LocalCommandRunner())
                .options(Map.of("format", "rdb", "restart_command", start))
                .connectTimeout(Duration.ofSeconds(2))
                .operationTimeout(Duration.ofSeconds(30))
                .build();
        Process p = new ProcessBuilder("sh", "-c", start).inheritIO().start();
        assertThat(p.waitFor()).isZero();
        for (int i = 0; i < 100; i++) {
            try (Jedis j = connect()) {
                j.ping();
                return;
            } catch (RuntimeException e) {
                Thread.sleep(50);
            }
        }
    }

    @AfterEach
    void stop() {
        try (Jedis j = connect()) {
            j.shutdown(SaveMode.NOSAVE);
        } catch (RuntimeException e) {
            // already down
        }
    }

    @Test
    void snapshotRestartsTheNodeOnItsOwnFileAndBringsBackEveryKeyAndTtl() throws Exception {
        seed();
        Fingerprint before = adapter.fingerprint(target);
        Path dump = dir.resolve("redis.rdbk");
        DumpResult d = dump(dump);
        assertThat(d.format()).isEqualTo(RedisRdbArchive.FORMAT);
        assertThat(FramedArchive.formatOf(DumpSource.ofFile(dump))).contains(RedisRdbArchive.FORMAT);

        try (Jedis j = connect()) {
            j.flushAll();
            j.set("added-after", "x");
            j.set("k:1", "changed");
        }
        RestoreResult r = adapter.restore(
                target,
                DumpSource.ofFile(dump),
                RestoreOptions.ofDefaults()
                        .withExpectedSha256(d.sha256())
                        .withSafetyDumpDirectory(dir.resolve("safety")));

        assertThat(adapter.fingerprint(target)).isEqualTo(before);
        try (Jedis j = connect()) {
            assertThat(j.exists("added-after")).isFalse();
            assertThat(j.get("k:1")).isEqualTo("v1");
            assertThat(j.pttl("k:ttl")).isPositive();
        }
        assertThat(r.warnings()).anyMatch(w -> w.contains("restarted"));
        Path safety = r.safetyDump().orElseThrow();
        assertThat(FramedArchive.formatOf(DumpSource.ofFile(safety))).contains(RedisRdbArchive.FORMAT);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(safety)))
                .isEqualTo("rw-------");
    }

    @Test
    void aNodeThatStreamsDisklessWithoutDelayGivesTheSameSnapshotThroughItsEndMark() throws Exception {
        seed();
        Fingerprint before = adapter.fingerprint(target);
        Path disk = dir.resolve("disk.rdbk");
        dump(disk);
        try (Jedis j = connect()) {
            j.configSet("repl-diskless-sync", "yes");
            j.configSet("repl-diskless-sync-delay", "0");
        }
        Path diskless = dir.resolve("diskless.rdbk");
        DumpResult d = dump(diskless);
        assertThat(Files.readString(dir.resolve("redis.log"))).contains("target: replicas sockets");
        try (Jedis j = connect()) {
            j.flushAll();
        }
        Path file = dir.resolve("dump.rdb"); // the node's own file, saved for the disk-based SYNC above
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));

        adapter.restore(
                target,
                DumpSource.ofFile(diskless),
                RestoreOptions.ofDefaults().withoutSafetyDump().withExpectedSha256(d.sha256()));

        assertThat(adapter.fingerprint(target)).isEqualTo(before);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-r-----");
        try (var left = Files.list(dir)) {
            assertThat(left.map(Path::getFileName).map(Path::toString)).noneMatch(n -> n.endsWith(".rollback-new"));
        }
        assertThat(Math.abs(Files.size(diskless) - Files.size(disk))).isLessThan(64); // the same RDB, framed alike
    }

    @Test
    void truncatedDumpIsRefusedBeforeTheNodeIsTouched() throws Exception {
        seed();
        Path dump = dir.resolve("redis.rdbk");
        dump(dump);
        try (FileChannel ch = FileChannel.open(dump, StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() / 2);
        }
        try (Jedis j = connect()) {
            j.set("written-after", "kept");
        }
        Fingerprint live = adapter.fingerprint(target);

        assertThatThrownBy(() -> adapter.restore(
                        target,
                        DumpSource.ofFile(dump),
                        RestoreOptions.ofDefaults().withoutSafetyDump()))
                .isInstanceOf(RollbackException.class)
                .hasMessageContaining("service redis")
                .hasMessageContaining("not a complete " + RedisRdbArchive.FORMAT)
                .hasMessageContaining("Nothing was changed");
        assertThat(adapter.fingerprint(target)).isEqualTo(live);
    }

    @Test
    void refusesAppendOnlyNodesMergesScopesAndNodesItCannotRestartWithNothingChanged() throws Exception {
        seed();
        Path dump = dir.resolve("redis.rdbk");
        dump(dump);
        try (Jedis j = connect()) {
            j.set("written-after", "kept");
        }
        Fingerprint live = adapter.fingerprint(target);
        RestoreOptions opts = RestoreOptions.ofDefaults().withoutSafetyDump();

        assertThatThrownBy(() -> adapter.restore(target, DumpSource.ofFile(dump), opts.merge()))
                .hasMessageContaining("merge or a scoped restore needs a dump taken with format keys");
        assertThatThrownBy(() -> adapter.dump(target.withScope(List.of("k:*")), OutputStream.nullOutputStream()))
                .hasMessageContaining("format rdb takes whole nodes");
        try (Jedis j = connect()) {
            j.configSet("requirepass", "s3cret-in-argv");
        }
        DatabaseTarget passwordInCommand = target.withPassword("s3cret-in-argv")
                .withOption("restart_command", "redis-server --requirepass s3cret-in-argv --port " + port);
        assertThatThrownBy(() -> adapter.restore(passwordInCommand, DumpSource.ofFile(dump), opts))
                .hasMessageContaining("restart_command option holds the node's password")
                .hasMessageContaining("nothing was changed")
                .message()
                .doesNotContain("s3cret-in-argv");
        try (Jedis j = connect()) {
            j.auth("s3cret-in-argv");
            j.configSet("requirepass", "");
        }
        DatabaseTarget noRestart = DatabaseTarget.custom("redis", ServiceKind.REDIS)
                .host("127.0.0.1")
                .port(port)
                .runner(new LocalCommandRunner())
                .build();
        assertThatThrownBy(() -> adapter.restore(noRestart, DumpSource.ofFile(dump), opts))
                .hasMessageContaining("no restart_command option")
                .hasMessageContaining("nothing was changed");
        try (Jedis j = connect()) {
            j.configSet("appendonly", "yes");
        }
        assertThatThrownBy(() -> adapter.restore(target, DumpSource.ofFile(dump), opts))
                .hasMessageContaining("appendonly yes")
                .hasMessageContaining("nothing was changed");

        assertThat(adapter.fingerprint(target)).isEqualTo(live);
        try (Jedis j = connect()) {
            assertThat(j.get("written-after")).isEqualTo("kept");
        }
    }

    @Test
    void aFullDataFolderEndsInAClearErrorWithTheNodeUpAndItsDataAsItWas() throws Exception {
        try (Jedis j = connect()) {
            byte[] value = new byte[1 << 20];
            for (int i = 0; i < 3; i++) {
                new Random(i).nextBytes(value); // incompressible: 3 MB of RDB that cannot fit in 1 MB
                j.set(("big:" + i).getBytes(), value);
            }
        }
        Path dump = dir.resolve("redis.rdbk");
        dump(dump);
        Path small = Files.createDirectories(dir.resolve("small-disk"));
        Assumptions.assumeTrue(
                run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", small.toString()) == 0,
                "needs root to mount a tmpfs");
        try {
            // the node again, on its port, with its data folder on the small disk (dir is not settable at run time)
            stop();
            for (int i = 0; i < 200 && portTaken(); i++) {
                Thread.sleep(10); // until the old process has let go of the port
            }
            Process p = new ProcessBuilder(
                            "sh",
                            "-c",
                            "redis-server --daemonize yes --bind 127.0.0.1 --port " + port + " --dir '" + small
                                    + "' --save '' --appendonly no --logfile '" + dir.resolve("small.log") + "'")
                    .inheritIO()
                    .start();
            assertThat(p.waitFor()).isZero();
            for (int i = 0; i < 100 && !answers(); i++) {
                Thread.sleep(50);
            }
            try (Jedis j = connect()) {
                j.set("written-after", "kept");
            }
            Fingerprint live = adapter.fingerprint(target);

            assertThatThrownBy(() -> adapter.restore(
                            target,
                            DumpSource.ofFile(dump),
                            RestoreOptions.ofDefaults().withoutSafetyDump()))
                    .isInstanceOf(RollbackException.class)
                    .hasMessageContaining("service redis")
                    .hasMessageContaining("writing " + small)
                    .hasMessageContaining("the node's data is as it was and it was not restarted");

            assertThat(adapter.fingerprint(target)).isEqualTo(live);
            try (Jedis j = connect()) {
                assertThat(j.get("written-after")).isEqualTo("kept");
            }
            try (var left = Files.list(small)) {
                assertThat(left.toList()).isEmpty(); // the part written was removed
            }
        } finally {
            stop();
            run("umount", small.toString());
        }
    }

    private boolean portTaken() {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    private boolean answers() {
        try (Jedis j = connect()) {
            j.ping();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static int run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor();
    }

    @Test
    void wrongPasswordIsNamedWithoutTheSecret() throws Exception {
        try (Jedis j = connect()) {
            j.configSet("requirepass", "right-one");
        }
        DatabaseTarget wrong = target.withPassword("not-the-password");
        assertThatThrownBy(() -> adapter.dump(wrong, OutputStream.nullOutputStream()))
                .isInstanceOf(RollbackException.class)
                .hasMessageContaining("refused the password")
                .message()
                .doesNotContain("not-the-password")
                .doesNotContain("right-one");
        Path dump = dir.resolve("auth.rdbk");
        try (OutputStream out = Files.newOutputStream(dump)) {
            assertThat(adapter.dump(target.withPassword("right-one"), out).bytes())
                    .isPositive();
        }
        try (Jedis j = connect()) {
            j.auth("right-one");
            j.configSet("requirepass", "");
        }
    }

    private DumpResult dump(Path file) throws Exception {
        try (OutputStream out = Files.newOutputStream(file)) {
            return adapter.dump(target, out);
        }
    }

    private void seed() {
        try (Jedis j = connect()) {
            for (int i = 0; i < 2000; i++) {
                j.set("k:" + i, "v" + i);
            }
            j.hset("h:ünï", Map.of("a", "1", "ö", "ß"));
            j.rpush("l", "a", "b", "c");
            j.zadd("z", 1.5, "m");
            j.set("big", "x".repeat(300_000));
            j.set("bin".getBytes(), new byte[] {0, (byte) 0xff, 13, 10});
            j.psetex("k:ttl", 600_000, "expires");
        }
    }

    private Jedis connect() {
        return new Jedis(
                new HostAndPort("127.0.0.1", port),
                DefaultJedisClientConfig.builder()
                        .autoNegotiateProtocol(false)
                        .password(target == null ? null : target.password().orElse(null))
                        .build());
    }
}
