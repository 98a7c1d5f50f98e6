package dev.rollback.databases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollback.databases.spi.DatabaseAdapter;
import dev.rollback.databases.spi.DatabaseAdapters;
import dev.rollback.databases.spi.DatabaseTarget;
import dev.rollback.databases.spi.DumpResult;
import dev.rollback.databases.spi.Fingerprint;
import dev.rollback.databases.spi.RestoreOptions;
import dev.rollback.databases.spi.RestoreResult;
import dev.rollback.env.ServiceKind;
import dev.rollback.errors.RollbackException;
import dev.rollback.spi.DumpSource;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every database adapter does against a real server, tested once: a dump restored after the data was damaged
 * brings the fingerprint back; a dump cut short is refused before anything changes; a wrong password is refused
 * fast, by health and by dump, naming the service and not echoing the password; a server that is down is reported
 * within its bounds; health reports the server's version. One small subclass per engine supplies the target, the
 * data and its engine's extras.
 *
 * <p>{@code class MysqlAdapterIT extends DatabaseAdapterContract { MysqlAdapterIT() { super(MYSQL, ".sql"); } }}
 */
public abstract class DatabaseAdapterContract {
    protected final DatabaseAdapter adapter;
    private final String dumpSuffix;

    @TempDir
    protected Path dir;

    /** @param dumpSuffix the file name suffix of the engine's dumps ({@code .sql}, {@code .rdbk}) */
    protected DatabaseAdapterContract(ServiceKind kind, String dumpSuffix) {
        this.adapter = DatabaseAdapters.require(kind);
        this.dumpSuffix = dumpSuffix;
    }

    /** The server under test, scoped to what the test may change. */
    protected abstract DatabaseTarget target();

    /** Puts the engine's test data on the server (several databases or objects, varied types, a large value). */
    protected abstract void seed() throws Exception;

    /** After the dump: removes some of the seeded data, changes some, and adds something the dump lacks. */
    protected abstract void damage() throws Exception;

    /** The engine's own checks after the round trip restored the damaged data. */
    protected abstract void afterRoundTrip(Fingerprint before, Path dump, DumpResult dumped, RestoreResult restored)
            throws Exception;

    /** The round trip's restore options, from ones with a safety dump folder and the dump's checksum. */
    protected RestoreOptions roundTripOptions(RestoreOptions options) {
        return options.dropExtra();
    }

    /** How long the dump is once cut short. */
    protected long truncatedLength(long length) {
        return length / 2;
    }

    /** Changes the data after the dump that is then cut short: the refused restore must leave the change in place. */
    protected void changeAfterDump() throws Exception {}

    /** The refused restore's options, from ones with a safety dump folder. */
    protected RestoreOptions truncatedRestoreOptions(RestoreOptions options) {
        return options;
    }

    /** The engine's own checks after the cut-short dump was refused. */
    protected void afterRefusedRestore() throws Exception {}

    /** What the refused login's message says besides the service's name. */
    protected List<String> loginRefusedMessage() {
        return List.of("refused the login");
    }

    /** How soon a refused login is reported (it is not retried). */
    protected Duration loginRefusedWithin() {
        return Duration.ofSeconds(3);
    }

    /** What the dump's refused login says (the dump stops before its tool runs). */
    protected List<String> dumpLoginRefusedMessage() {
        return List.of("refused the login");
    }

    /** The target with nothing listening on {@code closedPort}. */
    protected DatabaseTarget downTarget(int closedPort) {
        return target().withPort(closedPort);
    }

    /** What the message of a server that is down says. */
    protected List<String> downMessage() {
        return List.of("not reachable");
    }

    /** The least time a server that is down takes to be reported (retries). */
    protected Duration downAtLeast() {
        return Duration.ZERO;
    }

    /** The most time a server that is down takes to be reported. */
    protected Duration downWithin() {
        return Duration.ofSeconds(4);
    }

    /** The engine's own checks against the server that is down, timed with the health check. */
    protected void afterServerDown(DatabaseTarget down) throws Exception {}

    /** The server version health reports, as a regular expression. */
    protected String serverVersionPattern() {
        return "\\d+\\.\\d+.*";
    }

    @Test
    void aDumpRestoredAfterDamageBringsTheFingerprintBack() throws Exception {
        seed();
        Fingerprint before = adapter.fingerprint(target());
        Path dump = dir.resolve("round-trip" + dumpSuffix);
        DumpResult dumped = dumpTo(dump);
        damage();
        assertThat(adapter.fingerprint(target())).isNotEqualTo(before);

        RestoreResult restored = adapter.restore(
                target(),
                DumpSource.ofFile(dump),
                roundTripOptions(RestoreOptions.ofDefaults()
                        .withSafetyDumpDirectory(dir.resolve("safety"))
                        .withExpectedSha256(dumped.sha256())));

        assertThat(adapter.fingerprint(target()).differences(before)).isEmpty();
        assertThat(adapter.fingerprint(target())).isEqualTo(before);
        assertThat(dumped.bytes()).isEqualTo(Files.size(dump));
        afterRoundTrip(before, dump, dumped, restored);
    }

    @Test
    void aTruncatedDumpIsRefusedBeforeAnythingChanges() throws Exception {
        seed();
        Path dump = dir.resolve("truncated" + dumpSuffix);
        dumpTo(dump);
        try (RandomAccessFile f = new RandomAccessFile(dump.toFile(), "rw")) {
            f.setLength(truncatedLength(f.length()));
        }
        changeAfterDump();
        Fingerprint now = adapter.fingerprint(target());

        assertThatThrownBy(() -> adapter.restore(
                        target(),
                        DumpSource.ofFile(dump),
                        truncatedRestoreOptions(
                                RestoreOptions.ofDefaults().withSafetyDumpDirectory(dir.resolve("safety")))))
                .isInstanceOf(RollbackException.class)
                .hasMessageContaining("cut short")
                .hasMessageContaining("Nothing was changed");

        assertThat(adapter.fingerprint(target())).isEqualTo(now);
        assertThat(dir.resolve("safety")).doesNotExist();
        afterRefusedRestore();
    }

    @Test
    protected void aWrongPasswordIsRefusedFastNamingTheServiceNotThePassword() throws Exception {
        String password = "wrong-secret-" + UUID.randomUUID().toString().substring(0, 8);
        DatabaseTarget wrong = target().withPassword(password);
        long start = System.nanoTime();

        AbstractThrowableAssert<?, ? extends Throwable> refused = assertThatThrownBy(() -> adapter.health(wrong))
                .isInstanceOf(RollbackException.class)
                .hasMessageContaining(target().service())
                .hasMessageNotContaining(password);
        loginRefusedMessage().forEach(refused::hasMessageContaining);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(loginRefusedWithin());
        AbstractThrowableAssert<?, ? extends Throwable> dumpRefused = assertThatThrownBy(
                        () -> adapter.dump(wrong, OutputStream.nullOutputStream()))
                .isInstanceOf(RollbackException.class)
                .hasMessageContaining(target().service())
                .hasMessageNotContaining(password);
        dumpLoginRefusedMessage().forEach(dumpRefused::hasMessageContaining);
    }

    @Test
    void aServerThatIsDownIsReportedWithinItsBounds() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        DatabaseTarget down = downTarget(closed);
        long start = System.nanoTime();

        AbstractThrowableAssert<?, ? extends Throwable> refused =
                assertThatThrownBy(() -> adapter.health(down)).isInstanceOf(RollbackException.class);
        downMessage().forEach(refused::hasMessageContaining);
        afterServerDown(down);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(downAtLeast(), downWithin());
    }

    @Test
    void healthReportsTheServerVersion() {
        assertThat(adapter.health(target()).serverVersion()).matches(serverVersionPattern());
    }

    /** Dumps the target into {@code file}. */
    protected DumpResult dumpTo(Path file) throws Exception {
        try (OutputStream out = Files.newOutputStream(file)) {
            return adapter.dump(target(), out);
        }
    }
}
