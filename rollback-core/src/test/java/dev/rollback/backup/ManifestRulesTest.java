package dev.rollback.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rollback.env.Environment;
import dev.rollback.errors.ExitCode;
import dev.rollback.errors.VerificationException;
import dev.rollback.fixtures.ProjectFixture;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A set's manifest is held to its rules before any artifact is read: file names stay inside the set, every field is
 * in bounds; anything else is refused with exit 4 naming the artifact and the field.
 */
class ManifestRulesTest {
    static final char[] PASS = "a long backup passphrase".toCharArray();
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    Environment env;

    @BeforeEach
    void project() {
        env = ProjectFixture.create(tmp).environment();
    }

    /** Rewrites the manifest's env artifact (or, with a null kind, the manifest itself). */
    private static void edit(BackupSet set, String kind, Consumer<ObjectNode> change) throws Exception {
        Path m = set.dir().resolve(BackupManifest.FILE);
        ObjectNode root = (ObjectNode) JSON.readTree(m.toFile());
        if (kind == null) {
            change.accept(root);
        } else {
            root.withArray("artifacts").forEach(a -> {
                if (a.path("kind").asText().equals(kind)) {
                    change.accept((ObjectNode) a);
                }
            });
        }
        JSON.writeValue(m.toFile(), root);
    }

    private static VerificationException refused(Path dir) {
        try {
            BackupSet.open(dir);
        } catch (VerificationException e) {
            assertThat(e.exitCode()).isEqualTo(ExitCode.VERIFICATION_FAILED);
            return e;
        }
        throw new AssertionError("the set was opened");
    }

    @Test
    void anAbsoluteEnvFileWithoutChecksumIsRefusedBeforeItIsRead() throws Exception {
        BackupSet set = Backups.in(env).create();
        Path outside = tmp.resolve("outside-secret.env");
        Files.writeString(outside, "DB_PASSWORD=hunter2-not-in-the-set\n");
        edit(
                set,
                "env",
                a -> a.put("file", outside.toString())
                        .put("compression", "none")
                        .putNull("sha256"));

        VerificationException e = refused(set.dir());

        assertThat(e.getMessage())
                .contains("artifact env")
                .contains("is an absolute path")
                .contains("sha256 is missing")
                .contains(set.dir().toString())
                .doesNotContain("hunter2")
                .doesNotContain("DB_PASSWORD");
    }

    @Test
    void aFileOutsideTheSetThroughDotDotIsRefused() throws Exception {
        BackupSet set = Backups.in(env).create();
        edit(set, "env", a -> a.put("file", "../../devstack-core/.env"));

        assertThat(refused(set.dir()).getMessage())
                .contains("artifact env")
                .contains("'..' segment")
                .contains("\"../../devstack-core/.env\"");
    }

    @Test
    void anArtifactThatIsALinkIsRefusedWithoutReadingItsTarget() throws Exception {
        BackupSet set = Backups.in(env).create();
        Path fifo = tmp.resolve("never-written");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor())
                .isZero();
        Path env = set.dir().resolve("env.zst");
        Files.delete(env);
        Files.createSymbolicLink(env, fifo); // reading it would block: the refusal must come before any read

        VerificationException e = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> refused(set.dir()));

        assertThat(e.getMessage()).contains("artifact env (env.zst)").contains("is a symbolic link");
    }

    @Test
    void anArtifactUnderALinkedFolderIsRefused() throws Exception {
        BackupSet set = Backups.in(env).create();
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.move(set.dir().resolve("env.zst"), elsewhere.resolve("env.zst"));
        Files.createSymbolicLink(set.dir().resolve("sub"), elsewhere);
        edit(set, "env", a -> a.put("file", "sub/env.zst"));

        assertThat(refused(set.dir()).getMessage()).contains("lies under a symbolic link (sub)");
    }

    @Test
    void aFolderWhereAnArtifactFileShouldBeIsRefused() throws Exception {
        BackupSet set = Backups.in(env).create();
        Files.delete(set.dir().resolve("env.zst"));
        Files.createDirectory(set.dir().resolve("env.zst"));

        assertThat(refused(set.dir()).getMessage())
                .contains("artifact env (env.zst)")
                .contains("not a regular file");
    }

    @Test
    void aLinkPlantedAfterTheSetWasOpenedFailsVerifyAndIsNeverRead() throws Exception {
        BackupSet set = Backups.in(env).create();
        BackupSet open = BackupSet.open(set.dir());
        Path outside = tmp.resolve("outside");
        Files.writeString(outside, "SECRET=1\n");
        Files.delete(set.dir().resolve("env.zst"));
        Files.createSymbolicLink(set.dir().resolve("env.zst"), outside);

        VerificationReport r = open.verify(VerifyLevel.DECRYPT, VerifyOptions.defaults());

        assertThat(r.passed()).isFalse();
        assertThat(r.failures()).singleElement().satisfies(c -> {
            assertThat(c.level()).isEqualTo(VerifyLevel.STRUCTURE);
            assertThat(c.detail()).contains("is a symbolic link").doesNotContain("SECRET");
        });
        BackupManifest.Artifact envArtifact = open.manifest().artifacts().stream()
                .filter(a -> a.kind().equals("env"))
                .findFirst()
                .orElseThrow();
        assertThatThrownBy(() -> {
                    try (InputStream in = open.content(envArtifact, null)) {
                        in.readAllBytes();
                    }
                })
                .isInstanceOf(VerificationException.class)
                .hasMessageContaining("symbolic link");
        try (SetRestore restore = SetRestore.open(open, null)) {
            assertThat(restore.envFile()).hasValueSatisfying(p -> assertThat(p).doesNotExist());
        }
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "iterations|2000000000|encryption.iterations is 2000000000, outside 1000 to 10000000",
                "iterations|0|encryption.iterations is 0",
                "iterations|-600000|encryption.iterations is -600000",
                "salt|not base64 at all!|encryption.salt is not base64",
                "salt|AAAA|encryption.salt is 3 bytes",
                "kdf|PBKDF2WithHmacSHA1|encryption.kdf is \"PBKDF2WithHmacSHA1\""
            })
    void encryptionOutOfBoundsIsRefusedQuicklyNamingTheField(String field, String value, String expected)
            throws Exception {
        BackupSet set = Backups.in(env).withPassphrase(PASS).create();
        edit(set, null, root -> {
            ObjectNode enc = (ObjectNode) root.get("encryption");
            if (field.equals("iterations")) {
                enc.put(field, Integer.parseInt(value));
            } else {
                enc.put(field, value);
            }
        });

        VerificationException e = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> refused(set.dir()));

        assertThat(e.getMessage()).contains(expected).doesNotContain(PASS.length > 0 ? new String(PASS) : "-");
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(
            delimiter = '|',
            nullValues = "NULL",
            value = {
                "file|NULL|artifact env: file null has no file name",
                "size|-1|artifact env (env.zst): size is -1",
                "compression|lz4|artifact env (env.zst): compression is \"lz4\"",
                "compression|NULL|artifact env (env.zst): compression is null",
                "sha256|NULL|artifact env (env.zst): sha256 is missing",
                "sha256|abc|artifact env (env.zst): sha256 is not 64 lowercase hex digits",
                "kind|NULL|artifact ? (env.zst): kind is missing",
                "encrypted|true|artifact env (env.zst): encrypted, and the manifest has no encryption"
            })
    void anArtifactFieldOutOfBoundsIsRefusedNamingTheArtifactAndTheField(String field, String value, String expected)
            throws Exception {
        BackupSet set = Backups.in(env).create();
        edit(set, "env", a -> {
            if (value == null) {
                a.putNull(field);
            } else if (field.equals("size")) {
                a.put(field, Long.parseLong(value));
            } else if (field.equals("encrypted")) {
                a.put(field, Boolean.parseBoolean(value));
            } else {
                a.put(field, value);
            }
        });

        assertThat(refused(set.dir()).getMessage()).contains(expected).contains("take a new backup");
    }

    @Test
    void aFingerprintCountThatIsNotANumberIsRefused() throws Exception {
        BackupSet set = Backups.in(env).create();
        edit(set, "env", a -> ((ObjectNode) a.get("fingerprint")).put("bytes", "lots"));

        assertThat(refused(set.dir()).getMessage()).contains("artifact env (env.zst): fingerprint.bytes is \"lots\"");
    }

    @Test
    void anIntactSetStillOpensAndVerifies() {
        BackupSet set = Backups.in(env).withPassphrase(PASS).create();

        VerificationReport r = BackupSet.open(set.dir())
                .verify(VerifyLevel.DECRYPT, VerifyOptions.defaults().withKey(set.key(PASS)));

        assertThat(r.passed()).as(r.failures().toString()).isTrue();
    }

    @Test
    void bytesReadAreWhatTheSetHoldsNotWhatTheManifestDeclares() throws Exception {
        BackupSet set = Backups.in(env).create();
        long stored = 0;
        for (BackupManifest.Artifact a : set.manifest().artifacts()) {
            Path f = set.dir().resolve(a.file());
            if (Files.isRegularFile(f)) {
                stored += Files.size(f);
            }
        }
        edit(set, null, root -> root.withArray("artifacts").forEach(a -> ((ObjectNode) a).put("size", Long.MAX_VALUE)));

        VerificationReport r = BackupSet.open(set.dir()).verify(VerifyLevel.CHECKSUMS, VerifyOptions.defaults());

        assertThat(r.bytesRead()).isGreaterThan(0).isLessThanOrEqualTo(stored + 1_000_000);
    }
}
