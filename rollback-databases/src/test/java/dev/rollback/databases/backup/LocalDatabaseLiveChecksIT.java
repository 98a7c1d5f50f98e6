package dev.rollback.databases.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollback.env.Environment;
import dev.rollback.errors.RollbackException;
import dev.rollback.spi.BackupContext;
import dev.rollback.spi.LiveCheck;
import dev.rollback.spi.LiveChecks;
import dev.rollback.testing.Component;
import dev.rollback.testing.HostServices;
import dev.rollback.testing.RequiresPostgres;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code db.postgres.connect} against the host's PostgreSQL: it logs in, and a server that is down fails it. */
@RequiresPostgres
class LocalDatabaseLiveChecksIT {
    private static final String SERVICES = """
              postgres:
                image: local/postgres:15
                environment:
                  POSTGRES_USER: %s
            """.formatted(HostServices.postgresUser());

    @TempDir
    Path tmp;

    private static LiveCheck connect(Environment env) {
        return LiveChecks.of(env).stream()
                .filter(c -> c.id().equals("db.postgres.connect"))
                .findFirst()
                .orElseThrow();
    }

    private static BackupContext context(Environment env) {
        return new BackupContext(env, Optional.empty(), Optional.empty(), Optional.empty(), List.of());
    }

    @Test
    void aRunningServerAcceptsTheEnvironmentsLogin() throws Exception {
        InetSocketAddress a = HostServices.address(Component.POSTGRES);
        Environment env = LocalProject.create(
                tmp.resolve("up"), SERVICES, Map.of("postgres", a.getHostString() + ":" + a.getPort()));

        LiveCheck.Result r = connect(env).body().check(context(env));

        assertThat(r.problems()).isEmpty();
        assertThat(r.found()).startsWith("logged in and queried in ");
    }

    @Test
    void aServerThatIsDownFailsTheCheckNamingTheService() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Environment env = LocalProject.create(tmp.resolve("down"), SERVICES, Map.of("postgres", "127.0.0.1:" + closed));
        LiveCheck check = connect(env);

        assertThatThrownBy(() -> check.body().check(context(env)))
                .isInstanceOf(RollbackException.class)
                .hasMessageContaining("postgres");
    }
}
