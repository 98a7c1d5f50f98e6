package dev.rollback.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollback.env.Environment;
import dev.rollback.errors.RollbackException;
import dev.rollback.errors.VerificationException;
import dev.rollback.fixtures.ProjectFixture;
import dev.rollback.io.FileTrees;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupSetTest {
    static final char[] PASS = "a long backup passphrase".toCharArray();
    static final Set<String> FILES_ONLY = Set.of("git-head", "env", "vault-keys");

    @TempDir
    Path tmp;

    ProjectFixture p;
    Environment env;

    @BeforeEach
    void project() {
        p = ProjectFixture.create(tmp);
        env = p.environment();
    }

    private BackupSet encrypted() {
        return Backups.in(env).withPassphrase(PASS).create();
    }

    private static Map<String, String> bytes(BackupSet set) throws Exception {
        return FileTrees.checksums(set.dir());
    }

    @Test
    void snapshotHoldsGitEnvAndKeysAndVerifiesToTheEnd() throws Exception {
        p.write("docs/README.md", "uncommitted\n");

        BackupSet set = encrypted();

        assertThat(set.manifest().artifacts())
                .extracting(BackupManifest.Artifact::kind)
                .containsExactly("git-head", "git-patch", "env", "vault-keys");
        assertThat(set.manifest().git().commit()).isEqualTo(p.improvement().id());
        assertThat(set.manifest().git().dirty()).isTrue();
        VerificationReport r = set.verify(
                VerifyLevel.DECRYPT,
                VerifyOptions.defaults().withKey(set.key(PASS)).expecting(FILES_ONLY));
        assertThat(r.passed()).as(r.failures().toString()).isTrue();
        assertThat(r.checks()).extracting(VerificationReport.Check::level).contains(VerifyLevel.DECRYPT);
    }

    @Test
    void setIsPrivateAndItsContentRestoresByteForByte() throws Exception {
        BackupSet set = encrypted();

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(set.dir())))
                .isEqualTo("rwx------");
        for (BackupManifest.Artifact a : set.manifest().artifacts()) {
            assertThat(PosixFilePermissions.toString(
                            Files.getPosixFilePermissions(set.dir().resolve(a.file()))))
                    .isEqualTo("rw-------");
        }
        BackupManifest.Artifact envArtifact = set.manifest().artifacts().stream()
                .filter(a -> a.kind().equals("env"))
                .findFirst()
                .orElseThrow();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = set.content(envArtifact, set.key(PASS))) {
            in.transferTo(out);
        }
        assertThat(out.toByteArray()).isEqualTo(Files.readAllBytes(env.envFile()));
        Path scratch = tmp.resolve("keys");
        BackupManifest.Artifact keys = set.manifest().artifacts().stream()
                .filter(a -> a.kind().equals("vault-keys"))
                .findFirst()
                .orElseThrow();
        try (InputStream in = set.content(keys, set.key(PASS))) {
            KeyDirectoryTar.extract(in, scratch);
        }
        assertThat(FileTrees.checksums(scratch)).isEqualTo(FileTrees.checksums(env.vaultKeyDir()));
    }

    @Test
    void aFlippedByteFailsChecksumsNamingTheFileAndChangesNothing() throws Exception {
        BackupSet set = encrypted();
        Path f = set.dir().resolve("env.zst");
        byte[] b = Files.readAllBytes(f);
        b[b.length / 2] ^= 0x40;
        Files.write(f, b);
        Map<String, String> before = bytes(set);

        VerificationReport r =
                set.verify(VerifyLevel.CHECKSUMS, VerifyOptions.defaults().expecting(FILES_ONLY));

        assertThat(r.passed()).isFalse();
        assertThat(r.failures()).singleElement().satisfies(c -> {
            assertThat(c.artifact()).isEqualTo("env.zst");
            assertThat(c.detail()).contains("stored bytes differ");
        });
        assertThat(bytes(set)).isEqualTo(before);
    }

    @Test
    void aTruncatedArtifactFails() throws Exception {
        BackupSet set = encrypted();
        Path f = set.dir().resolve("vault-keys.tar.zst");
        byte[] b = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(b, b.length - 40));

        VerificationReport r = set.verify(
                VerifyLevel.DECRYPT,
                VerifyOptions.defaults().withKey(set.key(PASS)).expecting(FILES_ONLY));

        assertThat(r.failures()).extracting(VerificationReport.Check::artifact).containsExactly("vault-keys.tar.zst");
    }

    @Test
    void aDeletedFileFailsStructure() throws Exception {
        BackupSet set = encrypted();
        Files.delete(set.dir().resolve("env.zst"));

        VerificationReport r =
                set.verify(VerifyLevel.STRUCTURE, VerifyOptions.defaults().expecting(FILES_ONLY));

        assertThat(r.failures()).singleElement().satisfies(c -> {
            assertThat(c.level()).isEqualTo(VerifyLevel.STRUCTURE);
            assertThat(c.detail()).contains("listed but missing");
        });
    }

    @Test
    void wrongPassphraseFailsDecryptWithoutShowingIt() {
        BackupSet set = encrypted();

        VerificationReport r = set.verify(
                VerifyLevel.DECRYPT,
                VerifyOptions.defaults()
                        .withKey(set.key("not it".toCharArray()))
                        .expecting(FILES_ONLY));

        assertThat(r.failures())
                .hasSize(set.manifest().artifacts().size())
                .allSatisfy(
                        c -> assertThat(c.detail()).contains("wrong passphrase").doesNotContain("not it"));
        assertThat(r.keyRefused()).isTrue();
    }

    @Test
    void aWrongPassphraseNeverMakesAnIntactSetLookBrokenNorPrunable() throws Exception {
        BackupSet set = encrypted();
        set.record(
                set.verify(
                        VerifyLevel.DECRYPT,
                        VerifyOptions.defaults().withKey(set.key(PASS)).expecting(FILES_ONLY)),
                Instant.now());
        Backups.in(env).withPassphrase(PASS).create(); // a newer one, never verified
        assertThat(set.lastVerification())
                .hasValueSatisfying(v -> assertThat(v.passed()).isTrue());

        VerificationReport wrong = set.verify(
                VerifyLevel.DECRYPT,
                VerifyOptions.defaults()
                        .withKey(set.key("not it".toCharArray()))
                        .expecting(FILES_ONLY));
        set.record(wrong, Instant.now());

        assertThat(wrong.passed()).isFalse();
        assertThat(set.lastVerification())
                .hasValueSatisfying(v -> assertThat(v.passed()).isTrue());
        assertThat(Backups.in(env).pruneCandidates(0, 0))
                .extracting(b -> b.manifest().id())
                .doesNotContain(set.manifest().id());
        // a flipped byte is the set's fault, whatever the key: that is recorded
        BackupManifest.Artifact env0 = set.manifest().artifacts().stream()
                .filter(a -> a.kind().equals("env"))
                .findFirst()
                .orElseThrow();
        Path file = set.dir().resolve(env0.file());
        byte[] b = Files.readAllBytes(file);
        b[b.length / 2] ^= 1;
        Files.write(file, b);
        VerificationReport broken = set.verify(
                VerifyLevel.DECRYPT,
                VerifyOptions.defaults().withKey(set.key(PASS)).expecting(FILES_ONLY));
        set.record(broken, Instant.now());
        assertThat(broken.keyRefused()).isFalse();
        assertThat(set.lastVerification())
                .hasValueSatisfying(v -> assertThat(v.passed()).isFalse());
    }

    @Test
    void anEmptyOrPartialBackupFailsCompletenessNamingWhatIsMissing() throws Exception {
        BackupSet set = Backups.in(env).create();

        VerificationReport r =
                set.verify(VerifyLevel.COMPLETENESS, VerifyOptions.defaults().expecting(Backups.expected(env)));

        assertThat(r.passed()).isFalse();
        assertThat(r.failures())
                .extracting(VerificationReport.Check::artifact)
                .contains("volume:devstack-core_postgres_data", "volume:devstack-core_vault_data")
                .doesNotContain("env", "vault-keys", "git-head");
    }

    @Test
    void unknownFormatVersionIsRefused() throws Exception {
        BackupSet set = encrypted();
        Path m = set.dir().resolve(BackupManifest.FILE);
        Files.writeString(m, Files.readString(m).replace("\"formatVersion\" : 1", "\"formatVersion\" : 7"));

        assertThatThrownBy(() -> BackupSet.open(set.dir()))
                .isInstanceOf(VerificationException.class)
                .hasMessageContaining("format version 7");
    }

    @Test
    void malformedManifestIsRefusedWithItsLine() throws Exception {
        BackupSet set = encrypted();
        Files.writeString(set.dir().resolve(BackupManifest.FILE), "{\n  \"formatVersion\": 1,\n  oops\n}");

        assertThatThrownBy(() -> BackupSet.open(set.dir()))
                .isInstanceOf(VerificationException.class)
                .hasMessageContaining("not valid JSON")
                .hasMessageContaining("line 3");
    }

    @Test
    void aPartialSetIsNeverTakenForAComplete() throws Exception {
        Path partial = Files.createDirectories(env.backupRoot().resolve("20251114_085001" + BackupWriter.PARTIAL));

        assertThatThrownBy(() -> BackupSet.open(partial))
                .isInstanceOf(VerificationException.class)
                .hasMessageContaining("interrupted backup");
        assertThat(Backups.in(env).list()).isEmpty();
    }

    @Test
    void aFailingArtifactLeavesNoSetBehind() throws Exception {
        try (BackupWriter w = BackupWriter.create(env.backupRoot(), "x", null, null, 3)) {
            assertThatThrownBy(() -> w.add(
                            "env",
                            null,
                            "env.zst",
                            "copy",
                            out -> {
                                out.write(1);
                                throw new IOException("disk full");
                            },
                            Map.of()))
                    .isInstanceOf(RollbackException.class)
                    .hasMessageContaining("disk full");
        }

        try (var entries = Files.list(env.backupRoot())) {
            assertThat(entries).isEmpty();
        }
    }

    @Test
    void passphraseFileReadableByOthersIsRefused() throws Exception {
        Path f = tmp.resolve("pass");
        Files.writeString(f, "secret passphrase");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> Passphrases.read(f, Map.of()))
                .isInstanceOf(RollbackException.class)
                .hasMessageContaining("chmod 600")
                .hasMessageNotContaining("secret passphrase");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        assertThat(Passphrases.read(f, Map.of()))
                .hasValueSatisfying(c -> assertThat(new String(c)).isEqualTo("secret passphrase"));
    }

    @Test
    void aPassphraseOfOnlyWhitespaceFromTheEnvironmentIsRefused() {
        Path f = tmp.resolve("no-such-passphrase-file");

        assertThatThrownBy(() -> Passphrases.read(f, Map.of(Passphrases.VARIABLE, " ")))
                .isInstanceOf(RollbackException.class)
                .hasMessageContaining("only whitespace");
        assertThat(Passphrases.read(f, Map.of(Passphrases.VARIABLE, " a b "))).isPresent();
    }
}
