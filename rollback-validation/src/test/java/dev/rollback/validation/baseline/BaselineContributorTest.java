package dev.rollback.validation.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollback.backup.BackupManifest;
import dev.rollback.backup.BackupSet;
import dev.rollback.backup.Backups;
import dev.rollback.backup.VerificationReport;
import dev.rollback.backup.VerifyLevel;
import dev.rollback.backup.VerifyOptions;
import dev.rollback.env.Environment;
import dev.rollback.errors.RollbackException;
import dev.rollback.fixtures.ProjectFixture;
import dev.rollback.spi.ArtifactInfo;
import dev.rollback.spi.BackupContext;
import dev.rollback.spi.BackupContributors;
import dev.rollback.spi.DrillOutcome;
import dev.rollback.spi.DumpSource;
import dev.rollback.validation.probe.ServiceFigures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recorded baseline in backup sets: written when there is one, never expected, drilled, read back. */
class BaselineContributorTest {
    static final char[] PASS = "a long backup passphrase".toCharArray();

    @TempDir
    Path tmp;

    Environment env;

    @BeforeEach
    void project() {
        env = ProjectFixture.create(tmp).environment();
    }

    static Baseline sample() {
        return new Baseline(
                Instant.parse("2026-12-07T10:00:00Z"),
                "0123456789abcdef0123456789abcdef01234567",
                "main",
                List.of("postgres", "redis-1", "vault"),
                List.of("devstack-core_dev-services"),
                Map.of("postgres", new ServiceFigures(128L << 20, 1.5), "vault", new ServiceFigures(64L << 20, 0.4)),
                Map.of("reference-api:8000/health", 12L),
                370);
    }

    /** A backup without Docker or databases: the set's own parts and the baseline. */
    Backups backup() {
        return Backups.in(env).withoutVolumes().withContributors(List.of(new BaselineContributor()));
    }

    /** What this backup was asked to take: every part the environment expects but its volumes and dumps. */
    Set<String> expectedHere() {
        return Backups.expected(env).stream().filter(k -> !k.contains(":")).collect(Collectors.toSet());
    }

    static Optional<BackupManifest.Artifact> baselineOf(BackupSet set) {
        return set.manifest().artifacts().stream()
                .filter(a -> a.kind().equals(BaselineContributor.KIND))
                .findFirst();
    }

    @Test
    void isFoundOnTheClassPathAndNeverExpected() {
        assertThat(BackupContributors.all()).anyMatch(BaselineContributor.class::isInstance);
        assertThat(new BaselineContributor().expected(env)).isEmpty();
        Baselines.write(env, sample());
        assertThat(Backups.expected(env)).noneMatch(k -> k.startsWith(BaselineContributor.KIND));
    }

    @Test
    void aBackupCarriesTheRecordedBaselineAndItReadsBackEqual() {
        Baselines.write(env, sample());

        BackupSet set = backup().create();

        BackupManifest.Artifact a = baselineOf(set).orElseThrow();
        assertThat(a.service()).isNull();
        assertThat(a.file()).isEqualTo("baseline.json.zst");
        assertThat(a.fingerprint())
                .containsEntry("recorded", "2026-12-07T10:00:00Z")
                .containsEntry("commit", sample().commit())
                .containsEntry("services", "3");
        assertThat(Baselines.fromSet(set, null)).contains(sample());
        VerificationReport r = set.verify(
                VerifyLevel.RESTORE_DRILL,
                VerifyOptions.defaults()
                        .expecting(expectedHere())
                        .withContext(BackupContext.of(env))
                        .withContributors(List.of(new BaselineContributor())));
        assertThat(r.passed()).as(r.failures().toString()).isTrue();
        assertThat(r.checks())
                .anyMatch(c -> c.level() == VerifyLevel.RESTORE_DRILL
                        && c.detail().startsWith("the baseline recorded 2026-12-07T10:00:00Z at commit 0123456789ab")
                        && c.detail().contains("3 services, 1 networks, 1 response times"));
    }

    @Test
    void aBackupWithoutARecordedBaselineHasNoneAndIsStillComplete() {
        BackupSet set = backup().create();

        assertThat(baselineOf(set)).isEmpty();
        assertThat(Baselines.fromSet(set, null)).isEmpty();
        VerificationReport r = set.verify(
                VerifyLevel.COMPLETENESS,
                VerifyOptions.defaults().expecting(expectedHere()).withContext(BackupContext.of(env)));
        assertThat(r.passed()).as(r.failures().toString()).isTrue();
        assertThat(expectedHere()).contains("git-head", "env", "vault-keys");
    }

    @Test
    void anEncryptedSetsBaselineNeedsItsKey() {
        Baselines.write(env, sample());

        BackupSet set = backup().withPassphrase(PASS).create();

        assertThat(baselineOf(set).orElseThrow().encrypted()).isTrue();
        assertThat(Baselines.fromSet(set, null)).isEmpty();
        assertThat(Baselines.fromSet(set, set.key(PASS))).contains(sample());
    }

    @Test
    void aBackupOfSomeServicesLeavesItOut() {
        Baselines.write(env, sample());

        BackupSet set = backup().withServices(List.of("postgres")).create();

        assertThat(baselineOf(set)).isEmpty();
    }

    @Test
    void aRecordedBaselineThatDoesNotParseIsLeftOutNotFatal() throws Exception {
        Files.createDirectories(Baselines.file(env).getParent());
        Files.writeString(Baselines.file(env), "{\"at\": \"not a time\"");

        BackupSet set = backup().create();

        assertThat(baselineOf(set)).isEmpty();
    }

    @Test
    void theDrillPassesOnAGoodBaselineAndFailsOnCorruptJson() {
        BaselineContributor c = new BaselineContributor();
        ArtifactInfo info = new ArtifactInfo("baseline", null, "baseline.json.zst", "rollback baseline", Map.of());

        DrillOutcome good = c.drill(BackupContext.of(env), info, DumpSource.ofBytes(Baselines.toJson(sample())));
        DrillOutcome corrupt = c.drill(
                BackupContext.of(env), info, DumpSource.ofBytes("{\"at\": [1, 2".getBytes(StandardCharsets.UTF_8)));
        DrillOutcome nothing =
                c.drill(BackupContext.of(env), info, DumpSource.ofBytes("null".getBytes(StandardCharsets.UTF_8)));

        assertThat(good.passed()).as(good.detail()).isTrue();
        assertThat(corrupt.passed()).isFalse();
        assertThat(corrupt.detail())
                .startsWith("the baseline baseline.json.zst does not read as a baseline (")
                .endsWith("record one with rollback baseline on the healthy environment")
                .doesNotContain("\n");
        assertThat(nothing.passed()).isFalse();
        assertThat(nothing.detail()).contains("the JSON is null, not a baseline");
    }

    @Test
    void aSetWhoseBaselineWasAlteredIsAnErrorNamingTheSet() throws Exception {
        Baselines.write(env, sample());
        BackupSet set = backup().create();
        Files.write(set.dir().resolve(baselineOf(set).orElseThrow().file()), new byte[] {1, 2, 3});

        assertThatThrownBy(() -> Baselines.fromSet(set, null))
                .isInstanceOf(RollbackException.class)
                .hasMessageContaining(
                        "the baseline of backup set " + set.manifest().id() + " cannot be read")
                .hasMessageContaining("rollback verify " + set.manifest().id());
    }
}
