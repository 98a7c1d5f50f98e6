package dev.rollback.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollback.Rollback;
import dev.rollback.backup.BackupKey;
import dev.rollback.backup.BackupManifest;
import dev.rollback.backup.BackupSet;
import dev.rollback.backup.BackupWriter;
import dev.rollback.env.Environment;
import dev.rollback.errors.IncompleteBackupException;
import dev.rollback.errors.Problem;
import dev.rollback.errors.RollbackException;
import dev.rollback.events.Scope;
import dev.rollback.events.StepResult;
import dev.rollback.plan.RollbackPlan;
import dev.rollback.plan.RunSettings;
import dev.rollback.plan.Step;
import dev.rollback.spi.ArtifactInfo;
import dev.rollback.spi.ArtifactSource;
import dev.rollback.spi.BackupContext;
import dev.rollback.spi.BackupContributors;
import dev.rollback.spi.DrillOutcome;
import dev.rollback.spi.DumpSource;
import dev.rollback.vault.server.VaultApiServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The KV v2 export as an encrypted backup-set artifact: export, drill, restore, against the test server. */
class VaultKvContributorTest {
    static final String COMPOSE = "services:\n  vault:\n    image: local/vault\n    volumes:\n"
            + "      - vault_data:/vault/data\nvolumes:\n  vault_data:\n";
    static final List<String> VALUES = List.of("pg-S3cret-passw0rd", "my-R00t-passw0rd", "rabbit-Pa55-word");
    final VaultApiServer vault = VaultApiServer.start();
    final VaultKvContributor contributor = new VaultKvContributor();

    @TempDir
    Path tmp;

    Environment env;

    @BeforeEach
    void secrets() throws Exception {
        vault.put(
                "secret/postgres",
                Map.of("user", "dev_admin", "password", VALUES.get(0), "database", "dev", "tls_enabled", true));
        vault.put("secret/mysql", Map.of("root_password", VALUES.get(1), "tls_enabled", false));
        vault.put("secret/rabbitmq", Map.of("user", "dev", "password", VALUES.get(2), "port", 5672));
        vault.put("secret/apps/reference/api", Map.of("limits", Map.of("b", 2, "a", 1), "tags", List.of("x", "y")));
        env = env("devstack-core", vault);
    }

    @AfterEach
    void stop() {
        vault.close();
    }

    Environment env(String dir, VaultApiServer server) throws Exception {
        Path home = Files.createDirectories(tmp.resolve(dir));
        Files.writeString(home.resolve("docker-compose.yml"), COMPOSE);
        return Environment.custom(home)
                .withVaultKeyDir(KeyDirs.write(tmp.resolve(dir + "-keys"), server))
                .withBackupRoot(tmp.resolve(dir + "-backups"))
                .withProcessEnvironment(Map.of("VAULT_ADDR", server.address()))
                .build();
    }

    /** The contributor's artifact written into an encrypted backup set, as the set's writer does for any source. */
    BackupSet encryptedSet(BackupKey key) {
        List<ArtifactSource> sources = contributor.sources(BackupContext.of(env));
        assertThat(sources).hasSize(1);
        ArtifactSource src = sources.get(0);
        byte[] salt = BackupKey.newSalt();
        try (BackupWriter w = BackupWriter.create(
                env.backupRoot(),
                "20250101_000000",
                key,
                new BackupManifest.EncryptionInfo(
                        "AES-256-GCM", BackupKey.KDF, 1000, Base64.getEncoder().encodeToString(salt)),
                3)) {
            Map<String, String> recorded = new LinkedHashMap<>(); // filled while writing, copied by add() after it
            w.add(
                    src.kind(),
                    src.service(),
                    src.fileName() + ".zst",
                    src.tool(),
                    out -> recorded.putAll(src.content().writeTo(out)),
                    recorded);
            return w.commit(
                    new BackupManifest.EnvironmentInfo(env.projectName(), "x"),
                    new BackupManifest.GitInfo(null, null, false),
                    Instant.now(),
                    "test");
        }
    }

    static BackupKey key() {
        return BackupKey.derive("a long test passphrase".toCharArray(), new byte[16], 1000);
    }

    static ArtifactInfo info(BackupManifest.Artifact a) {
        return new ArtifactInfo(a.kind(), a.service(), a.file(), a.tool(), a.fingerprint());
    }

    static byte[] content(BackupSet set, BackupManifest.Artifact a, BackupKey key) throws Exception {
        try (InputStream in = set.content(a, key)) {
            return in.readAllBytes();
        }
    }

    @Test
    void exportIsDeterministicAndItsFingerprintHoldsNoValue() throws Exception {
        ArtifactSource src = contributor.sources(BackupContext.of(env)).get(0);
        ByteArrayOutputStream a = new ByteArrayOutputStream();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        Map<String, String> fa = src.content().writeTo(a);
        Map<String, String> fb = src.content().writeTo(b);

        assertThat(src.kind()).isEqualTo("vault-kv");
        assertThat(src.service()).isEqualTo("vault");
        assertThat(src.fileName()).isEqualTo("vault-kv-vault.json");
        assertThat(a.toByteArray()).isEqualTo(b.toByteArray());
        assertThat(fa).isEqualTo(fb).containsEntry("format", KvExport.FORMAT).containsEntry("mount", "secret");
        assertThat(fa.get("fingerprint.secrets")).matches("4:[0-9a-f]{64}");
        assertThat(fa.toString()).doesNotContain(VALUES.get(0)).doesNotContain("dev_admin");
        String doc = a.toString(StandardCharsets.UTF_8);
        assertThat(doc.indexOf("secret/apps/reference/api")).isLessThan(doc.indexOf("secret/mysql"));
        assertThat(doc)
                .contains("\"limits\":{\"a\":1,\"b\":2}")
                .contains("\"tls_enabled\":true")
                .contains("\"port\":5672");
        KvExport parsed = KvExport.parse(new ByteArrayInputStream(a.toByteArray()));
        assertThat(parsed.fingerprint()).isEqualTo(fa.get("fingerprint.secrets"));
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        parsed.writeTo(again);
        assertThat(again.toByteArray()).isEqualTo(a.toByteArray());
    }

    @Test
    void encryptedSetNeverHoldsAValueInPlainTextAndItsDrillPasses() throws Exception {
        BackupKey key = key();
        BackupSet set = encryptedSet(key);
        BackupManifest.Artifact a = set.manifest().artifacts().get(0);

        assertThat(a.kind()).isEqualTo("vault-kv");
        assertThat(a.encrypted()).isTrue();
        byte[] onDisk = Files.readAllBytes(set.dir().resolve(a.file()));
        String manifest = Files.readString(set.dir().resolve(BackupManifest.FILE));
        for (String v : VALUES) {
            assertThat(new String(onDisk, StandardCharsets.ISO_8859_1)).doesNotContain(v);
            assertThat(manifest).doesNotContain(v);
        }
        assertThat(manifest).contains("fingerprint.secrets");

        byte[] plain = content(set, a, key);
        assertThat(new String(plain, StandardCharsets.UTF_8)).contains(VALUES.get(0));
        DrillOutcome d = contributor.drill(BackupContext.of(env), info(a), DumpSource.ofBytes(plain));

        assertThat(d.passed()).as(d.detail()).isTrue();
        assertThat(d.detail()).contains("4 secrets").contains("holds the same secrets");
        VALUES.forEach(v -> assertThat(d.detail()).doesNotContain(v));
    }

    @Test
    void drillReportsWhereTheLiveVaultDiffersAsInformation() throws Exception {
        BackupKey key = key();
        BackupSet set = encryptedSet(key);
        BackupManifest.Artifact a = set.manifest().artifacts().get(0);
        vault.put("secret/mysql", Map.of("root_password", "changed-after-the-backup", "tls_enabled", false));
        vault.put("secret/forgejo", Map.of("admin_password", "new"));

        DrillOutcome d = contributor.drill(BackupContext.of(env), info(a), DumpSource.ofBytes(content(set, a, key)));

        assertThat(d.passed()).isTrue();
        assertThat(d.detail())
                .contains("differs at 2 path(s) (info, not a failure)")
                .contains("secret/forgejo: only in Vault")
                .contains("secret/mysql: changed")
                .doesNotContain("changed-after-the-backup");
    }

    @Test
    void drillWithVaultDownStillPassesAndSaysItWasNotCompared() throws Exception {
        BackupKey key = key();
        BackupSet set = encryptedSet(key);
        BackupManifest.Artifact a = set.manifest().artifacts().get(0);
        byte[] plain = content(set, a, key);
        vault.close();

        DrillOutcome d = contributor.drill(BackupContext.of(env), info(a), DumpSource.ofBytes(plain));

        assertThat(d.passed()).isTrue();
        assertThat(d.detail()).contains("the live Vault was not compared").contains("did not answer");
    }

    @Test
    void tamperedValueFailsTheDrill() throws Exception {
        BackupKey key = key();
        BackupSet set = encryptedSet(key);
        BackupManifest.Artifact a = set.manifest().artifacts().get(0);
        String tampered = new String(content(set, a, key), StandardCharsets.UTF_8).replace(VALUES.get(1), "x");

        DrillOutcome d = contributor.drill(
                BackupContext.of(env), info(a), DumpSource.ofBytes(tampered.getBytes(StandardCharsets.UTF_8)));
        DrillOutcome broken = contributor.drill(
                BackupContext.of(env),
                info(a),
                DumpSource.ofBytes(tampered.substring(0, 40).getBytes(StandardCharsets.UTF_8)));

        assertThat(d.passed()).isFalse();
        assertThat(d.detail())
                .contains("vault-kv of vault")
                .contains("altered after the backup")
                .contains(a.fingerprint().get("fingerprint.secrets"))
                .doesNotContain(VALUES.get(1));
        assertThat(broken.passed()).isFalse();
        assertThat(broken.detail()).contains("not valid JSON");
    }

    @Test
    void importIntoAFreshVaultGivesEqualValuesWithTheirTypes() throws Exception {
        BackupKey key = key();
        BackupSet set = encryptedSet(key);
        BackupManifest.Artifact a = set.manifest().artifacts().get(0);
        try (VaultApiServer fresh = VaultApiServer.start()) {
            Environment freshEnv = env("fresh", fresh);
            Step step = contributor
                    .restoreStep(BackupContext.of(freshEnv), info(a), DumpSource.ofBytes(content(set, a, key)))
                    .orElseThrow();
            RollbackPlan plan = new RollbackPlan(freshEnv, Scope.FULL, "kv", List.of(step), RunSettings.ofDefaults());

            var result = plan.execute();

            assertThat(result.succeeded()).isTrue();
            assertThat(step.name()).isEqualTo("vault-kv-restore");
            assertThat(fresh.paths()).isEqualTo(vault.paths());
            for (String p : vault.paths()) {
                assertThat(fresh.get(p)).as(p).isEqualTo(vault.get(p));
            }
            String notes = String.join("\n", result.steps().get(0).details());
            assertThat(notes).contains("4 secret(s) written as new versions, 0 unchanged");
            VALUES.forEach(v -> assertThat(notes).doesNotContain(v));
        }
    }

    @Test
    void restoreWritesOnlyWhatDiffersAsNewVersionsAndDeletesNothingUnlessTold() throws Exception {
        KvExport backup = KvExport.read(VaultClient.connect(VaultSettings.from(env)), "secret");
        ByteArrayOutputStream doc = new ByteArrayOutputStream();
        backup.writeTo(doc);
        vault.put("secret/mysql", Map.of("root_password", "changed", "tls_enabled", true, "extra", "x"));
        vault.put("secret/forgejo", Map.of("admin_password", "new"));
        VaultSettings s = VaultSettings.from(env);
        KvRestoreStep keep = new KvRestoreStep(s, DumpSource.ofBytes(doc.toByteArray()), backup.fingerprint());

        var r = new RollbackPlan(env, Scope.FULL, "kv", List.of(keep), RunSettings.ofDefaults()).execute();

        assertThat(vault.get("secret/mysql"))
                .isEqualTo(Map.of(
                        "root_password",
                        VaultApiServer.JSON.valueToTree(VALUES.get(1)),
                        "tls_enabled",
                        VaultApiServer.JSON.valueToTree(false)));
        assertThat(vault.versions("secret/mysql")).isEqualTo(3);
        assertThat(vault.versions("secret/postgres")).isEqualTo(1);
        assertThat(vault.deleted("secret/forgejo")).isFalse();
        assertThat(String.join("\n", r.steps().get(0).details()))
                .contains(
                        "1 secret(s) written",
                        "3 unchanged",
                        "secret/mysql v2 -> v3",
                        "secrets not in the backup kept");

        new RollbackPlan(env, Scope.FULL, "kv", List.of(keep.deletingExtras()), RunSettings.ofDefaults()).execute();

        assertThat(vault.deleted("secret/forgejo")).isTrue();
        assertThat(vault.deleted("secret/postgres")).isFalse();
        assertThat(KvExport.read(VaultClient.connect(s), "secret").fingerprint())
                .isEqualTo(backup.fingerprint());
    }

    @Test
    void theUndoOfAKvRestorePutsBackTheSecretsAsTheyWereFromTheRunsSafetyExport() throws Exception {
        KvExport backup = KvExport.read(VaultClient.connect(VaultSettings.from(env)), "secret");
        ByteArrayOutputStream doc = new ByteArrayOutputStream();
        backup.writeTo(doc);
        vault.put("secret/mysql", Map.of("root_password", "changed-after-the-backup", "tls_enabled", true));
        vault.put("secret/forgejo", Map.of("admin_password", "written-after-the-backup"));
        VaultSettings s = VaultSettings.from(env);
        String before = KvExport.read(VaultClient.connect(s), "secret").fingerprint();
        var run = new RollbackPlan(
                        env,
                        Scope.FULL,
                        "kv",
                        List.of(new KvRestoreStep(s, DumpSource.ofBytes(doc.toByteArray()), backup.fingerprint())
                                .deletingExtras()),
                        RunSettings.ofDefaults())
                .execute();
        assertThat(KvExport.read(VaultClient.connect(s), "secret").fingerprint())
                .isEqualTo(backup.fingerprint());
        Path kept = env.stateDir().resolve("runs/" + run.runId() + "/safety/vault-kv-before-restore.json");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(kept)))
                .isEqualTo("rw-------");

        var undo = Rollback.in(env).undo("last").execute();

        assertThat(undo.steps())
                .extracting(StepResult::name)
                .containsExactly("undo-check", "vault-kv-restore", "undo-mark");
        assertThat(KvExport.read(VaultClient.connect(s), "secret").fingerprint())
                .isEqualTo(before);
        assertThat(vault.deleted("secret/forgejo")).isFalse();
        assertThat(Files.readString(env.stateDir().resolve("runs/" + run.runId() + "/undo.jsonl")))
                .doesNotContain("changed-after-the-backup")
                .doesNotContain(VALUES.get(0));
    }

    @Test
    void restorePreflightRefusesATokenThatCannotWriteASealedVaultAndAnAlteredExport() throws Exception {
        KvExport backup = KvExport.read(VaultClient.connect(VaultSettings.from(env)), "secret");
        ByteArrayOutputStream doc = new ByteArrayOutputStream();
        backup.writeTo(doc);
        DumpSource content = DumpSource.ofBytes(doc.toByteArray());
        String limited = vault.token("secret/data/postgres", "secret/metadata/");
        Environment limitedEnv = Environment.custom(env.projectDir())
                .withVaultKeyDir(env.vaultKeyDir())
                .withProcessEnvironment(Map.of("VAULT_ADDR", vault.address(), "VAULT_TOKEN", limited))
                .build();

        List<Problem> noWrite = new RollbackPlan(
                        limitedEnv,
                        Scope.FULL,
                        "kv",
                        List.of(new KvRestoreStep(VaultSettings.from(limitedEnv), content, backup.fingerprint())),
                        RunSettings.ofDefaults())
                .preflight();
        List<Problem> altered = new RollbackPlan(
                        env,
                        Scope.FULL,
                        "kv",
                        List.of(new KvRestoreStep(VaultSettings.from(env), content, "4:00")),
                        RunSettings.ofDefaults())
                .preflight();
        vault.seal();
        List<Problem> sealed = new RollbackPlan(
                        env,
                        Scope.FULL,
                        "kv",
                        List.of(new KvRestoreStep(VaultSettings.from(env), content, backup.fingerprint())),
                        RunSettings.ofDefaults())
                .preflight();

        assertThat(noWrite).singleElement().satisfies(p -> {
            assertThat(p.blocking()).isTrue();
            assertThat(p.found())
                    .contains("the token cannot write 3 of the backup's 4 secrets")
                    .contains("secret/data/mysql (has deny)")
                    .doesNotContain("secret/data/postgres");
            assertThat(p.advice()).contains("create and update").contains("VAULT_TOKEN");
        });
        assertThat(altered)
                .singleElement()
                .satisfies(p -> assertThat(p.found()).contains("does not match the " + "manifest"));
        assertThat(sealed).singleElement().satisfies(p -> assertThat(p.found()).contains("sealed"));
        assertThat(vault.versions("secret/mysql")).isEqualTo(1);
    }

    @Test
    void vaultDownFailsTheBackupUnlessItMayBePartialAndVaultWasNotAskedForByName() throws Exception {
        vault.close();

        assertThatThrownBy(() -> contributor.sources(BackupContext.of(env)))
                .isInstanceOf(IncompleteBackupException.class)
                .hasMessageContaining("nothing was written")
                .hasMessageContaining("--partial")
                .satisfies(e ->
                        assertThat(((IncompleteBackupException) e).missing()).containsExactly("vault-kv:vault"));
        assertThat(contributor.sources(BackupContext.of(env).allowingPartial())).isEmpty();
        assertThatThrownBy(() -> contributor.sources(
                        new BackupContext(env, Optional.empty(), Optional.empty(), Optional.empty(), List.of("vault"))))
                .isInstanceOf(RollbackException.class)
                .hasMessageContaining("backup of vault's secrets (vault-kv)")
                .hasMessageContaining("did not answer");
        assertThat(contributor.sources(new BackupContext(
                        env, Optional.empty(), Optional.empty(), Optional.empty(), List.of("postgres"))))
                .isEmpty();
    }

    @Test
    void sealedVaultIsNamedWhenAskedFor() {
        vault.seal();

        assertThatThrownBy(() -> contributor.sources(
                        new BackupContext(env, Optional.empty(), Optional.empty(), Optional.empty(), List.of("vault"))))
                .hasMessageContaining("is sealed")
                .hasMessageContaining("rollback vault unseal");
    }

    @Test
    void expectedAndFoundThroughServiceLoader() {
        assertThat(contributor.expected(env)).containsExactly("vault-kv:vault");
        assertThat(BackupContributors.forKind(BackupContributors.all(), "vault-kv"))
                .get()
                .isInstanceOf(VaultKvContributor.class);
    }
}
