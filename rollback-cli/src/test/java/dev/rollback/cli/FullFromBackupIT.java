package dev.rollback.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollback.errors.ExitCode;
import dev.rollback.fixtures.ComposeFixture;
import dev.rollback.testing.RequiresDocker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runbook's "restore databases" procedure as one command on a real compose project: back up PostgreSQL's data,
 * lose it, then {@code rollback full --from-backup latest --databases} stops the services, resets, restarts them,
 * waits for health and restores the dump, after a safety dump of what was there.
 */
@RequiresDocker
class FullFromBackupIT {
    @TempDir
    static Path tmp;

    static ComposeFixture fx;

    @BeforeAll
    static void start() throws Exception {
        fx = ComposeFixture.create(tmp);
        Files.writeString(
                fx.home().resolve("rollback.yaml"),
                "profiles: [minimal]\nvault_key_dir: " + tmp.resolve("no-vault-keys") + "\n");
        // as in DevStack Core: backups and local settings are not part of the repository (the stash leaves them)
        Files.writeString(
                fx.home().resolve(".gitignore"), ".env\n.env.rollback-*\n.rollback/\n" + "backups/\nrollback.yaml\n");
        fx.up(List.of("minimal"), "postgres", "redis-1");
    }

    @AfterAll
    static void remove() {
        if (fx != null) {
            fx.close();
        }
    }

    private String psql(String sql) {
        return fx.exec("postgres", "psql", "-U", "dev_admin", "-d", "dev_database", "-tAc", sql);
    }

    @Test
    void lostRowsComeBackThroughTheFullRollback() throws Exception {
        String home = fx.home().toString();
        awaitPostgres();
        psql("CREATE TABLE orders (id int PRIMARY KEY, note text); INSERT INTO orders SELECT g, 'ordre n° ' || g "
                + "FROM generate_series(1, 5000) g");

        CliRun backup = CliRun.of("-C", home, "backup", "--services", "postgres", "--no-volumes");
        psql("DROP TABLE orders");
        CliRun full = CliRun.of(
                "-C", home, "full", "--to", fx.improvement().shortId(), "--from-backup", "latest", "--databases");

        assertThat(backup.code()).as(backup.out() + backup.err()).isZero();
        assertThat(backup.out()).contains("db-dump");
        assertThat(full.code()).as(full.out() + full.err()).isEqualTo(ExitCode.SUCCESS);
        assertThat(full.out()).contains("backup-check", "stop", "recreated", "db-restore/postgres", "healthy after");
        assertThat(psql("SELECT count(*), max(note) FROM orders")).isEqualTo("5000|ordre n° 999");
        assertThat(full.out() + full.err() + backup.out() + backup.err())
                .doesNotContain(fx.read(".env")
                        .lines()
                        .filter(l -> l.startsWith("POSTGRES_PASSWORD="))
                        .findFirst()
                        .orElseThrow()
                        .substring("POSTGRES_PASSWORD=".length()));
    }

    private void awaitPostgres() throws InterruptedException {
        for (int i = 0; i < 60; i++) {
            try {
                if (psql("SELECT 1").equals("1")) {
                    Thread.sleep(2000); // the image's entrypoint restarts the server once its init is done
                    if (psql("SELECT 1").equals("1")) {
                        return;
                    }
                }
            } catch (RuntimeException e) {
                // not up yet
            }
            Thread.sleep(1000);
        }
    }
}
