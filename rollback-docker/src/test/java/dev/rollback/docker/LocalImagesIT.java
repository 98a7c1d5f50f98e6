package dev.rollback.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollback.docker.TestContainers.ExecResult;
import dev.rollback.testing.RequiresDocker;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code local/*} service images the setup script builds behave like the official ones the SDK relies on. */
@RequiresDocker
class LocalImagesIT {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final List<String> NO_ENV = List.of();

    @Test
    void postgresInitialisesFromEnvAndAcceptsPasswordOverNetwork() throws Exception {
        try (TestContainers docker = new TestContainers()) {
            String id = docker.start(
                    "local/postgres:15",
                    TestContainers.uniqueName("postgres"),
                    cmd -> cmd.withEnv("POSTGRES_USER=rollback", "POSTGRES_PASSWORD=s3cret pw", "POSTGRES_DB=app"));
            ready(docker, id, "pg_isready", "-h", "127.0.0.1", "-U", "rollback", "-d", "app");
            String ip = docker.ipAddress(id);

            ExecResult ok = docker.exec(
                    id,
                    List.of("PGPASSWORD=s3cret pw"),
                    "psql",
                    "-h",
                    ip,
                    "-U",
                    "rollback",
                    "-d",
                    "app",
                    "-tAc",
                    "select current_user || '@' || current_database()");
            ExecResult wrong = docker.exec(
                    id,
                    List.of("PGPASSWORD=wrong"),
                    "psql",
                    "-h",
                    ip,
                    "-U",
                    "rollback",
                    "-d",
                    "app",
                    "-tAc",
                    "select 1");

            assertThat(ok.stdout().strip()).as(ok.toString()).isEqualTo("rollback@app");
            assertThat(wrong.exitCode()).isNotZero();
            assertThat(wrong.stderr()).contains("password authentication failed");
            assertThat(docker.exec(id, NO_ENV, "sh", "-c", "stat -c %U /proc/1")
                            .stdout()
                            .strip())
                    .isEqualTo("postgres");
        }
    }

    @Test
    void mariadbInitialisesRootDatabaseAndUserFromEnv() throws Exception {
        try (TestContainers docker = new TestContainers()) {
            String id = docker.start(
                    "local/mariadb:10.11",
                    TestContainers.uniqueName("mariadb"),
                    cmd -> cmd.withEnv(
                            "MYSQL_ROOT_PASSWORD=r00t'pw",
                            "MYSQL_DATABASE=app",
                            "MYSQL_USER=appuser",
                            "MYSQL_PASSWORD=apppw"));
            ready(docker, id, "mysqladmin", "ping", "-h", "127.0.0.1", "-uroot", "-pr00t'pw");
            String ip = docker.ipAddress(id);

            ExecResult root =
                    docker.exec(id, NO_ENV, "mariadb", "-h", ip, "-uroot", "-pr00t'pw", "-N", "-e", "select 40 + 2");
            ExecResult app = docker.exec(
                    id,
                    NO_ENV,
                    "mariadb",
                    "-h",
                    ip,
                    "-uappuser",
                    "-papppw",
                    "app",
                    "-N",
                    "-e",
                    "create table t (v varchar(8)); insert into t values ('ok'); select v from t");
            ExecResult wrong = docker.exec(id, NO_ENV, "mariadb", "-h", ip, "-uroot", "-pnope", "-e", "select 1");

            assertThat(root.stdout().strip()).as(root.toString()).isEqualTo("42");
            assertThat(app.stdout().strip()).as(app.toString()).isEqualTo("ok");
            assertThat(wrong.exitCode()).isNotZero();
            assertThat(docker.exec(id, NO_ENV, "sh", "-c", "stat -c %U /proc/1")
                            .stdout()
                            .strip())
                    .isEqualTo("mysql");
        }
    }

    @Test
    void redisRunsClusterModeFromCommandArgumentsAndAnswersOverNetwork() throws Exception {
        try (TestContainers docker = new TestContainers()) {
            String id = docker.start(
                    "local/redis:7",
                    TestContainers.uniqueName("redis"),
                    cmd -> cmd.withCmd("redis-server", "--cluster-enabled", "yes", "--appendonly", "yes"));
            ready(docker, id, "redis-cli", "ping");
            String ip = docker.ipAddress(id);

            ExecResult ping = docker.exec(id, NO_ENV, "redis-cli", "-h", ip, "ping");
            ExecResult cluster = docker.exec(id, NO_ENV, "redis-cli", "-h", ip, "info", "cluster");
            ExecResult data = docker.exec(id, NO_ENV, "sh", "-c", "ls /data && stat -c %U /proc/1");

            assertThat(ping.stdout().strip()).as(ping.toString()).isEqualTo("PONG");
            assertThat(cluster.stdout()).contains("cluster_enabled:1");
            assertThat(data.stdout()).contains("nodes.conf").endsWith("redis\n");
        }
    }

    @Test
    void rabbitmqCreatesDefaultUserAndRunsManagement() throws Exception {
        try (TestContainers docker = new TestContainers()) {
            String id = docker.start(
                    "local/rabbitmq:3.10-management",
                    TestContainers.uniqueName("rabbitmq"),
                    cmd -> cmd.withEnv("RABBITMQ_DEFAULT_USER=rollback", "RABBITMQ_DEFAULT_PASS=rabbitpw"));
            ready(docker, id, "rabbitmq-diagnostics", "-q", "check_port_connectivity");

            ExecResult ping = docker.exec(id, NO_ENV, "rabbitmq-diagnostics", "-q", "ping");
            ExecResult auth = docker.exec(id, NO_ENV, "rabbitmqctl", "authenticate_user", "rollback", "rabbitpw");
            ExecResult listeners = docker.exec(id, NO_ENV, "rabbitmq-diagnostics", "-q", "listeners");

            assertThat(ping.exitCode()).as(ping.toString()).isZero();
            assertThat(auth.exitCode()).as(auth.toString()).isZero();
            assertThat(listeners.stdout()).contains("5672", "15672");
        }
    }

    private static void ready(TestContainers docker, String id, String... healthCommand) throws Exception {
        ExecResult health = docker.execUntilSuccess(id, READY_TIMEOUT, POLL, NO_ENV, healthCommand);
        assertThat(health.exitCode())
                .as(
                        "%s did not succeed within %s: %s%nlogs:%n%s",
                        String.join(" ", healthCommand), READY_TIMEOUT, health, docker.logs(id))
                .isZero();
    }
}
