package dev.rollback.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollback.env.Environment;
import dev.rollback.fixtures.ProjectFixture;
import dev.rollback.io.FileTrees;
import dev.rollback.spi.BackupContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runbook's manual layout and DevStack Core's manifest.json, verified in place and never changed. */
class LegacyLayoutsTest {
    static final String PG_DUMP = "--\n-- PostgreSQL database cluster dump\n--\nCREATE ROLE devuser;\n"
            + "--\n-- PostgreSQL database cluster dump complete\n--\n";

    @TempDir
    Path tmp;

    ProjectFixture p;
    Environment env;
    Path manual;

    @BeforeEach
    void seedLayout() throws Exception {
        p = ProjectFixture.create(tmp.resolve("project"));
        env = p.environment();
        manual = env.backupRoot().resolve("20251114_manual");
        Files.createDirectories(manual);
        Files.copy(env.envFile(), manual.resolve("env_backup"));
        Files.writeString(manual.resolve("postgres_all.sql"), PG_DUMP);
        Path data = tmp.resolve("volume-data");
        Files.createDirectories(data.resolve("base"));
        Files.writeString(data.resolve("base/1"), "table pages\n".repeat(5000));
        Files.writeString(data.resolve("PG_VERSION"), "15\n");
        Process tar = new ProcessBuilder(
                        "tar",
                        "czf",
                        manual.resolve("volume_devstack-core_postgres_data.tar.gz")
                                .toString(),
                        "-C",
                        data.toString(),
                        ".")
                .redirectErrorStream(true)
                .start();
        tar.getInputStream().readAllBytes();
        assertThat(tar.waitFor(30, TimeUnit.SECONDS) && tar.exitValue() == 0).isTrue();
        FileTrees.copy(p.keyDir(), manual.resolve("vault-backup-20251114"));
    }

    @Test
    void seedLayoutIsListedReadAndVerifiedToItsContentWithoutChange() throws Exception {
        Map<String, String> before = FileTrees.checksums(manual);

        BackupSet set = BackupSet.open(manual);
        VerificationReport r = set.verify(VerifyLevel.DECRYPT, VerifyOptions.defaults());
        set.record(r, Instant.now());

        assertThat(set.isLegacy()).isTrue();
        assertThat(set.manifest().id()).isEqualTo("20251114_manual");
        assertThat(set.manifest().artifacts())
                .extracting(a -> BackupSet.kindKey(a))
                .containsExactly("env", "db-dump:postgres", "volume:devstack-core_postgres_data", "vault-keys");
        assertThat(r.passed()).as(r.failures().toString()).isTrue();
        assertThat(r.checks()).anyMatch(c -> c.detail().contains("gzip's CRC holds"));
        assertThat(Backups.in(env).list()).extracting(b -> b.manifest().id()).containsExactly("20251114_manual");
        assertThat(FileTrees.checksums(manual))
                .as("nothing written into an old set")
                .isEqualTo(before);
        try (var in = set.content(artifact(set, "db-dump"), null)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(PG_DUMP);
        }
    }

    @Test
    void seedLayoutRestoreDrillUnpacksTheKeysAndParsesTheEnv() {
        BackupSet set = BackupSet.open(manual);

        VerificationReport r = set.verify(
                VerifyLevel.RESTORE_DRILL,
                VerifyOptions.defaults().withContext(BackupContext.of(env)).withContributors(List.of()));

        assertThat(r.checks())
                .anyMatch(c -> c.artifact().equals("vault-backup-20251114")
                        && c.passed()
                        && c.detail().contains("keys.json parses"));
        assertThat(r.checks()).anyMatch(c -> c.artifact().equals("env_backup") && c.passed());
        assertThat(r.failures())
                .extracting(VerificationReport.Check::artifact)
                .contains("postgres_all.sql", "volume_devstack-core_postgres_data.tar.gz");
    }

    @Test
    void aCorruptedGzipVolumeFailsAtDecrypt() throws Exception {
        Path vol = manual.resolve("volume_devstack-core_postgres_data.tar.gz");
        byte[] b = Files.readAllBytes(vol);
        b[b.length / 2] ^= 0x5a;
        Files.write(vol, b);

        VerificationReport r = BackupSet.open(manual).verify(VerifyLevel.DECRYPT, VerifyOptions.defaults());

        assertThat(r.passed()).isFalse();
        assertThat(r.failures())
                .extracting(VerificationReport.Check::artifact)
                .containsExactly("volume_devstack-core_postgres_data.tar.gz");
    }

    @Test
    void completenessNamesWhatTheSeedLayoutNeverHad() {
        VerificationReport r = BackupSet.open(manual)
                .verify(VerifyLevel.COMPLETENESS, VerifyOptions.defaults().expecting(Backups.expected(env)));

        assertThat(r.passed()).isFalse();
        assertThat(r.failures()).extracting(VerificationReport.Check::artifact).contains("git-head");
    }

    @Test
    void devstackManifestChecksumsAreVerifiedAndAFlippedByteFails() throws Exception {
        Path set = devstackSet(false);

        VerificationReport ok = BackupSet.open(set).verify(VerifyLevel.CHECKSUMS, VerifyOptions.defaults());
        Files.write(
                set.resolve("postgres_all.sql"),
                PG_DUMP.replace("devuser", "devusEr").getBytes(StandardCharsets.UTF_8));
        VerificationReport bad = BackupSet.open(set).verify(VerifyLevel.CHECKSUMS, VerifyOptions.defaults());

        assertThat(BackupSet.open(set).manifest().id()).isEqualTo("20251120_030000");
        assertThat(ok.passed()).as(ok.failures().toString()).isTrue();
        assertThat(bad.failures())
                .extracting(VerificationReport.Check::artifact)
                .containsExactly("postgres_all.sql");
        assertThat(bad.failures().get(0).detail()).contains("stored bytes differ from the manifest");
    }

    @Test
    void devstackEmptyBackupFailsCompletenessWhereItsOwnToolPassedIt() throws Exception {
        Path set = env.backupRoot().resolve("20251121_030000");
        Files.createDirectories(set);
        Files.writeString(
                set.resolve("manifest.json"),
                "{\"backup_id\":\"20251121_030000\",\"backup_type\":\"full\","
                        + "\"timestamp\":\"2025-11-21T03:00:00Z\",\"databases\":{},\"encrypted\":false}");

        VerificationReport r = BackupSet.open(set)
                .verify(VerifyLevel.COMPLETENESS, VerifyOptions.defaults().expecting(Backups.expected(env)));

        assertThat(r.passed()).isFalse();
        assertThat(r.failures()).extracting(VerificationReport.Check::artifact).contains("env", "vault-keys");
    }

    @Test
    void devstackGpgEncryptedDumpSaysHowToDecryptIt() throws Exception {
        Path set = devstackSet(true);

        VerificationReport r = BackupSet.open(set).verify(VerifyLevel.DECRYPT, VerifyOptions.defaults());

        assertThat(r.passed()).isFalse();
        assertThat(r.failures().get(0).detail()).contains("gpg", "decrypt it first");
    }

    @Test
    void pruneNeverDeletesAnOldLayout() {
        assertThat(Backups.in(env)
                        .withClock(Clock.offset(Clock.systemUTC(), Duration.ofDays(400)))
                        .pruneCandidates(0, 0))
                .isEmpty();
    }

    private Path devstackSet(boolean encrypted) throws Exception {
        Path set = env.backupRoot().resolve("devstack-20251120");
        Files.createDirectories(set);
        Files.writeString(set.resolve("postgres_all.sql"), PG_DUMP);
        Files.copy(env.envFile(), set.resolve(".env.backup"));
        byte[] dump = PG_DUMP.getBytes(StandardCharsets.UTF_8);
        String sha =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(dump));
        Files.writeString(
                set.resolve("manifest.json"),
                "{\"backup_id\":\"20251120_030000\",\"backup_type\":\"full\","
                        + "\"timestamp\":\"2025-11-20T03:00:00Z\",\"databases\":{\"postgres\":{\"file\":\"postgres_all.sql\","
                        + "\"size_bytes\":" + dump.length + ",\"checksum\":\"sha256:" + sha + "\"}},"
                        + "\"config\":{\"env_file\":\".env.backup\"},\"encrypted\":" + encrypted + "}");
        return set;
    }

    private static BackupManifest.Artifact artifact(BackupSet set, String kind) {
        return set.manifest().artifacts().stream()
                .filter(a -> a.kind().equals(kind))
                .findFirst()
                .orElseThrow();
    }
}
