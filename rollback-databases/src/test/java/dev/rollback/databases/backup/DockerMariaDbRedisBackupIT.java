package dev.rollback.databases.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollback.backup.BackupManifest;
import dev.rollback.backup.BackupSet;
import dev.rollback.databases.redis.RedisAdapter;
import dev.rollback.databases.spi.DatabaseAdapter;
import dev.rollback.databases.spi.DatabaseAdapters;
import dev.rollback.databases.spi.DatabaseTarget;
import dev.rollback.databases.spi.Fingerprint;
import dev.rollback.databases.support.RedisClusterYaml;
import dev.rollback.env.Environment;
import dev.rollback.env.ServiceKind;
import dev.rollback.errors.RollbackException;
import dev.rollback.events.RollbackListener;
import dev.rollback.plan.Step;
import dev.rollback.plan.StepContext;
import dev.rollback.spi.BackupContext;
import dev.rollback.spi.ContainerRuntime;
import dev.rollback.spi.ContainerRuntimes;
import dev.rollback.spi.DrillOutcome;
import dev.rollback.spi.ExecRequest;
import dev.rollback.testing.RequiresDocker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClusterClient;

/**
 * The docker target with MariaDB and a 3-node Redis cluster whose ports are published on 127.0.0.1: MariaDB's dump
 * runs in its container and is drilled in a scratch container of its image; the cluster's keys (all three masters)
 * are one artifact, drilled in a standalone scratch Redis and restored into the cluster by the plan step.
 */
@RequiresDocker
class DockerMariaDbRedisBackupIT {
    private static final String ROOT_PW =
            "mariadb-root-" + Integer.toHexString(ThreadLocalRandom.current().nextInt());
    private static final DatabaseAdapter MYSQL = DatabaseAdapters.require(ServiceKind.MYSQL);
    private static final DatabaseAdapter REDIS = DatabaseAdapters.require(ServiceKind.REDIS);

    @TempDir
    static Path tmp;

    static Path home;
    static String net;
    static Environment env;
    static ContainerRuntime rt;
    static BackupContext ctx;
    static EnvironmentTargets targets;
    final DatabaseBackupContributor contributor = new DatabaseBackupContributor();

    @BeforeAll
    static void up() throws Exception {
        String name = "rbdb" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xfffff));
        net = RedisClusterYaml.randomNet(30);
        home = tmp.resolve(name);
        Files.createDirectories(home);
        StringBuilder yaml = new StringBuilder(RedisClusterYaml.network(net) + """
            services:
              mysql:
                image: local/mariadb:10.11
                command: ["mariadbd", "--character-set-server=utf8mb4"]
                environment:
                  MYSQL_ROOT_PASSWORD: ${MYSQL_ROOT_PASSWORD}
                ports: ["127.0.0.1::3306"]
                networks: [data]
                healthcheck:
                  test: ["CMD-SHELL", "MYSQL_PWD=$$MYSQL_ROOT_PASSWORD mariadb-admin ping -h 127.0.0.1 -uroot"]
                  interval: 1s
                  retries: 90
            """);
        yaml.append(RedisClusterYaml.nodes(net));
        Files.writeString(home.resolve("docker-compose.yml"), yaml.toString());
        Files.writeString(home.resolve(".env"), "MYSQL_ROOT_PASSWORD=" + ROOT_PW + "\n");
        run(300, "docker-compose", "-p", name, "up", "-d");
        env = Environment.custom(home)
                .withProcessEnvironment(Map.of("HOME", home.toString()))
                .build();
        rt = ContainerRuntimes.connect(env, Duration.ofSeconds(5)).orElseThrow();
        rt.awaitHealthy(
                env,
                Map.of(
                        "mysql",
                        Duration.ofSeconds(120),
                        "redis-1",
                        Duration.ofSeconds(60),
                        "redis-2",
                        Duration.ofSeconds(60),
                        "redis-3",
                        Duration.ofSeconds(60)),
                RollbackListener.NONE);
        var formed = rt.exec(
                env,
                "redis-1",
                ExecRequest.of(
                        "redis-cli",
                        "--cluster",
                        "create",
                        net + ".11:6379",
                        net + ".12:6379",
                        net + ".13:6379",
                        "--cluster-yes"));
        assertThat(formed.exitCode()).as(formed.stdout() + formed.stderr()).isZero();
        ctx = new BackupContext(env, Optional.of(rt), Optional.empty(), Optional.empty(), List.of());
        targets = EnvironmentTargets.of(ctx);
        awaitClusterOk();
        awaitHealthy(MYSQL, mysql());
        seedMysql();
        try (RedisClusterClient c = cluster()) {
            for (int i = 0; i < 3000; i++) {
                c.set("user:" + i, "name-" + i);
            }
            c.hset("config", Map.of("tls", "on", "mode", "dev"));
            c.pexpire("user:1", 600_000);
        }
    }

    @AfterAll
    static void down() {
        try {
            if (rt != null) {
                rt.close();
            }
        } finally {
            run(120, "docker-compose", "-p", home.getFileName().toString(), "down", "-v", "-t", "1");
        }
    }

    @Test
    void mariadbDumpIsDrilledInAScratchContainerOfItsImageAndRestoredByTheStep() throws Exception {
        DatabaseTarget live = mysql();
        assertThat(live.runner().describe()).isEqualTo("container of service mysql");
        Fingerprint before = MYSQL.fingerprint(live);
        BackupSet set = DumpSets.write(tmp.resolve("backups"), "mysql", contributor.sources(only("mysql")));
        BackupManifest.Artifact a = DumpSets.artifact(set, "mysql");
        assertThat(a.fingerprint())
                .containsEntry("tool", "mariadb-dump")
                .containsEntry("server", MYSQL.health(live).serverVersion());

        DrillOutcome o = contributor.drill(ctx, DumpSets.info(a), DumpSets.content(set, a));
        System.out.printf("[figure] docker-target mariadb drill: %s%n", o.detail());
        assertThat(o.passed()).as(o.detail()).isTrue();
        assertThat(o.detail()).contains("of local/mariadb:10.11");
        assertThat(MYSQL.fingerprint(live)).isEqualTo(before);

        sqlIn(live, "DROP TABLE shop.orders", "CREATE DATABASE later");
        Step step = contributor
                .restoreStep(ctx, DumpSets.info(a), DumpSets.content(set, a))
                .orElseThrow();
        StepContext sc = DumpSets.stepContext(env, tmp.resolve("run-mysql"), Map.of());
        assertThat(step.preflight(sc)).isEmpty();
        step.execute(sc);
        assertThat(MYSQL.fingerprint(live)).isEqualTo(before);
    }

    @Test
    void theClusterIsOneArtifactDrilledInAStandaloneScratchAndRestoredAcrossItsNodes() throws Exception {
        DatabaseUnit unit = targets.unit("redis-2").orElseThrow();
        assertThat(unit.members()).containsExactly("redis-1", "redis-2", "redis-3");
        DatabaseTarget live = targets.target(unit);
        Fingerprint before = REDIS.fingerprint(live);
        BackupSet set = DumpSets.write(tmp.resolve("backups"), "redis", contributor.sources(only("redis-3")));
        BackupManifest.Artifact a = DumpSets.artifact(set, "redis-1");
        assertThat(set.manifest().artifacts()).hasSize(1);
        assertThat(a.fingerprint())
                .containsEntry("nodes", "redis-1,redis-2,redis-3")
                .containsEntry(
                        "fingerprint.keys *", before.parts().get("keys *").toString());
        assertThat(before.parts().get("keys *").count()).isEqualTo(3001);

        DrillOutcome o = contributor.drill(ctx, DumpSets.info(a), DumpSets.content(set, a));
        System.out.printf("[figure] docker-target redis cluster drill: %s%n", o.detail());
        assertThat(o.passed()).as(o.detail()).isTrue();

        try (RedisClusterClient c = cluster()) {
            for (int i = 0; i < 3000; i += 2) {
                c.del("user:" + i);
            }
            c.set("since:backup", "x");
        }
        Step step = contributor
                .restoreStep(ctx, DumpSets.info(a), DumpSets.content(set, a))
                .orElseThrow();
        StepContext sc = DumpSets.stepContext(env, tmp.resolve("run-redis"), Map.of());
        assertThat(step.preflight(sc)).isEmpty();
        step.execute(sc);
        assertThat(REDIS.fingerprint(live)).isEqualTo(before);
    }

    private static BackupContext only(String service) {
        return new BackupContext(env, Optional.of(rt), Optional.empty(), Optional.empty(), List.of(service));
    }

    private static DatabaseTarget mysql() {
        return targets.target(targets.unit("mysql").orElseThrow());
    }

    private static void seedMysql() throws Exception {
        sqlIn(
                mysql(),
                "CREATE DATABASE shop",
                "CREATE TABLE shop.orders (id INT PRIMARY KEY, item VARCHAR(100))",
                "INSERT INTO shop.orders SELECT seq, CONCAT('ïtem ', seq) FROM shop.seq_1_to_5000",
                "CREATE TABLE shop.notes (body MEDIUMTEXT)",
                "INSERT INTO shop.notes VALUES (REPEAT('n', 100000))");
    }

    private static void sqlIn(DatabaseTarget t, String... statements) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:mysql://" + t.address() + "/", "root", ROOT_PW);
                Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
    }

    /** The cluster through the published ports; redirects go to the nodes' own addresses (reachable on Linux). */
    private static RedisClusterClient cluster() {
        DatabaseTarget t = targets.target(targets.unit("redis-1").orElseThrow());
        HostAndPort first = HostAndPort.from(t.option("nodes").orElseThrow().split(",")[0]);
        return RedisClusterClient.create(first);
    }

    private static void awaitClusterOk() throws InterruptedException {
        DatabaseTarget t = targets.target(targets.unit("redis-1").orElseThrow());
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!new RedisAdapter().clusterState(t).ok()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("cluster not ok: " + new RedisAdapter().clusterState(t));
            }
            Thread.sleep(200);
        }
    }

    private static void awaitHealthy(DatabaseAdapter adapter, DatabaseTarget t) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            try {
                adapter.health(t);
                return;
            } catch (RollbackException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }

    private static String run(int seconds, String... cmd) {
        try {
            Process p = new ProcessBuilder(List.of(cmd))
                    .directory(home.toFile())
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(seconds, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
