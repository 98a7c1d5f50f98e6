package dev.rollback.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rollback.errors.ExitCode;
import dev.rollback.vault.server.VaultApiServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VaultCommandTest {
    final VaultApiServer vault = VaultApiServer.start();

    @TempDir
    Path tmp;

    Path home;
    Path keys;

    @BeforeEach
    void project() throws Exception {
        home = Files.createDirectories(tmp.resolve("project"));
        keys = tmp.resolve("vault-keys");
        Files.writeString(home.resolve("docker-compose.yml"), "services:\n  vault:\n    image: local/vault\n");
        Files.writeString(home.resolve(".env"), "VAULT_ADDR=" + vault.address() + "\n");
        Files.writeString(home.resolve("rollback.yaml"), "vault_key_dir: " + keys + "\n");
        writeKeys(keys, vault.keysJson(), vault.rootToken());
    }

    @AfterEach
    void stop() {
        vault.close();
    }

    static void writeKeys(Path dir, String keysJson, String rootToken) throws Exception {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        Files.writeString(dir.resolve("keys.json"), keysJson);
        Files.writeString(dir.resolve("root-token"), rootToken);
        for (String f : new String[] {"keys.json", "root-token"}) {
            Files.setPosixFilePermissions(dir.resolve(f), PosixFilePermissions.fromString("rw-------"));
        }
    }

    CliRun run(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "-C";
        all[1] = home.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return CliRun.of(all);
    }

    void assertNoSecret(CliRun r) {
        for (String k : vault.keysBase64()) {
            assertThat(r.out() + r.err()).doesNotContain(k);
        }
        assertThat(r.out() + r.err()).doesNotContain(vault.rootToken());
    }

    @Test
    void unsealThenStatusReportUnsealedWithoutPrintingAKeyOrToken() {
        vault.seal();

        CliRun unseal = run("vault", "unseal");
        CliRun status = run("vault", "status", "--json");

        assertThat(unseal.code()).isEqualTo(ExitCode.SUCCESS);
        assertThat(unseal.out()).contains("unsealed after 3 of 3 keys");
        assertThat(status.code()).isEqualTo(ExitCode.SUCCESS);
        assertThat(status.out()).contains("\"sealed\" : false").contains("\"healthState\" : \"ACTIVE\"");
        assertNoSecret(unseal);
        assertNoSecret(status);
    }

    @Test
    void unsealWithForeignKeysFailsWithExit1AndNamesTheRemedy() throws Exception {
        VaultApiServer other = VaultApiServer.start();
        writeKeys(keys, other.keysJson(), other.rootToken());
        other.close();
        vault.seal();

        CliRun r = run("vault", "unseal");

        assertThat(r.code()).isEqualTo(ExitCode.FAILURE);
        assertThat(r.err()).contains("do not match").contains("Vault volume");
        for (String k : other.keysBase64()) {
            assertThat(r.out() + r.err()).doesNotContain(k);
        }
    }

    @Test
    void keysVerifyFailsWithExit4OnRootTokenMismatch() throws Exception {
        Files.writeString(keys.resolve("root-token"), "hvs.notTheRootToken");

        CliRun r = run("vault", "keys", "verify");

        assertThat(r.code()).isEqualTo(ExitCode.VERIFICATION_FAILED);
        assertThat(r.out() + r.err()).contains("does not match the root_token").doesNotContain("notTheRootToken");
        assertNoSecret(r);
    }

    @Test
    void keysBackupThenRestoreKeepsTheCurrentDirectoryAside() throws Exception {
        Path backup = tmp.resolve("backup/vault-keys");
        assertThat(run("vault", "keys", "backup", backup.toString()).code()).isZero();
        Files.writeString(keys.resolve("keys.json"), "{ broken");

        CliRun dry = run("vault", "keys", "restore", backup.toString(), "--dry-run");
        CliRun r = run("vault", "keys", "restore", backup.toString());

        assertThat(dry.code()).isZero();
        assertThat(dry.out()).contains("moved aside");
        assertThat(r.code()).isZero();
        assertThat(Files.readString(keys.resolve("keys.json"))).isEqualTo(vault.keysJson());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keys.resolve("keys.json"))))
                .isEqualTo("rw-------");
        try (var s = Files.walk(home.resolve(".rollback"))) {
            assertThat(s.filter(p -> p.getFileName().toString().equals("keys.json"))
                            .toList())
                    .anySatisfy(p -> assertThat(Files.readString(p)).isEqualTo("{ broken"));
        }
        assertNoSecret(r);
    }

    @Test
    void statusOfAnUnreachableVaultFailsWithinTheTimeout() {
        CliRun r = run("vault", "status", "--address", "http://127.0.0.1:1", "--timeout", "1s");

        assertThat(r.code()).isEqualTo(ExitCode.FAILURE);
        assertThat(r.err()).contains("did not answer");
    }

    void appRoles() throws Exception {
        for (String role : new String[] {"postgres", "redis"}) {
            Path d = Files.createDirectories(keys.resolve("approles").resolve(role));
            Files.writeString(d.resolve("role-id"), "rid-" + role + "\n");
            Files.writeString(d.resolve("secret-id"), "sid-" + role + "\n");
        }
        vault.appRole("postgres", "rid-postgres", "sid-postgres", Instant.now(), Duration.ofDays(30));
        vault.appRole("redis", "rid-redis", "sid-redis", Instant.now().minus(Duration.ofDays(27)), Duration.ofDays(30));
    }

    @Test
    void statusShowsEachAppRoleSecretIdExpiryAndWarnsBeforeItBites() throws Exception {
        appRoles();

        CliRun r = run("vault", "status");

        assertThat(r.code()).isEqualTo(ExitCode.SUCCESS);
        assertThat(r.out())
                .containsPattern("AppRoles +secret-id of postgres expires at \\S+ \\(in 29 days\\)")
                .containsPattern(" +WARNING secret-id of redis expires at \\S+, in 2 days \\(less than 7 days\\); "
                        + "renew it: vault write -f auth/approle/role/redis/secret-id")
                .doesNotContain("sid-redis")
                .doesNotContain("sid-postgres");
        assertNoSecret(r);
    }

    @Test
    void statusJsonCarriesTheSecretIdsStateExpiryAndDaysLeft() throws Exception {
        appRoles();
        Files.writeString(keys.resolve("approles/postgres/secret-id"), "revoked\n");

        CliRun r = run("vault", "status", "--json", "--warn-days", "1");
        JsonNode json = new ObjectMapper().readTree(r.out());

        assertThat(json.get("warnDays").asInt()).isEqualTo(1);
        assertThat(json.at("/appRoles/0/role").asText()).isEqualTo("postgres");
        assertThat(json.at("/appRoles/0/state").asText()).isEqualTo("ERROR");
        assertThat(json.at("/appRoles/0/message").asText()).contains("unknown to Vault");
        assertThat(json.at("/appRoles/1/state").asText()).isEqualTo("OK");
        assertThat(json.at("/appRoles/1/daysLeft").asLong()).isEqualTo(2);
        assertThat(json.at("/appRoles/1/expires").asText()).matches("\\d{4}-.*Z");
        assertThat(r.out()).doesNotContain("sid-redis");
        assertNoSecret(r);
    }

    @Test
    void statusOfASealedVaultSaysTheSecretIdsWereNotChecked() throws Exception {
        appRoles();
        vault.seal();

        CliRun r = run("vault", "status");

        assertThat(r.code()).isEqualTo(ExitCode.FAILURE);
        assertThat(r.out()).contains("AppRoles     not checked while Vault is sealed");
    }

    @Test
    void keysBackupRestoreAndVerifyPrintJson() throws Exception {
        Path backup = tmp.resolve("backup/vault-keys");
        ObjectMapper m = new ObjectMapper();

        CliRun b = run("vault", "keys", "backup", backup.toString(), "--json");
        CliRun v = run("vault", "keys", "verify", backup.toString(), "--json");
        CliRun dry = run("vault", "keys", "restore", backup.toString(), "--dry-run", "--json");
        CliRun r = run("vault", "keys", "restore", backup.toString(), "--json");

        assertThat(b.code()).isZero();
        JsonNode bj = m.readTree(b.out());
        assertThat(bj.get("source").asText()).isEqualTo(keys.toString());
        assertThat(bj.get("target").asText()).isEqualTo(backup.toString());
        assertThat(bj.get("files").asInt()).isEqualTo(2);
        assertThat(bj.get("checksumsVerified").asBoolean()).isTrue();
        assertThat(m.readTree(v.out()).get("ok").asBoolean()).isTrue();
        assertThat(m.readTree(dry.out()).get("title").asText()).contains("restore the Vault key directory");
        assertThat(m.readTree(dry.out()).get("problems")).isEmpty();
        assertThat(r.code()).isZero();
        assertThat(m.readTree(r.out()).get("steps")).hasSize(2);
        for (CliRun x : List.of(b, v, dry, r)) {
            assertNoSecret(x);
        }
    }

    @Test
    void keysBackupIntoAnExistingDirectoryIsRefusedAndChangesNothing() throws Exception {
        Path backup = Files.createDirectories(tmp.resolve("taken"));

        CliRun r = run("vault", "keys", "backup", backup.toString(), "--json");

        assertThat(r.code()).isEqualTo(ExitCode.FAILURE);
        assertThat(r.err()).contains("it exists; name a new directory");
        try (var s = Files.list(backup)) {
            assertThat(s.toList()).isEmpty();
        }
    }

    @Test
    void keysVerifyFailsWithExit4OnAWorldReadableKeysJsonNamingTheChmod() throws Exception {
        Files.setPosixFilePermissions(keys.resolve("keys.json"), PosixFilePermissions.fromString("rw-r--r--"));

        CliRun r = run("vault", "keys", "verify");

        assertThat(r.code()).isEqualTo(ExitCode.VERIFICATION_FAILED);
        assertThat(r.out()).contains("FAIL ").contains("chmod 600 " + keys.resolve("keys.json"));
        assertNoSecret(r);
    }

    @Test
    void keysBackupIntoAFolderOfTheKeyDirectoryIsRefusedWithExit2AndChangesNothing() throws Exception {
        List<Path> before;
        try (var s = Files.walk(keys)) {
            before = s.sorted().toList();
        }
        String keysJson = Files.readString(keys.resolve("keys.json"));

        CliRun r = run("vault", "keys", "backup", keys.resolve("backup").toString());

        assertThat(r.code()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("is inside " + keys).contains("nothing was copied");
        try (var s = Files.walk(keys)) {
            assertThat(s.sorted().toList()).isEqualTo(before);
        }
        assertThat(Files.readString(keys.resolve("keys.json"))).isEqualTo(keysJson);
        assertNoSecret(r);
    }

    @Test
    void keysRestoreFromACopyInsideTheKeyDirectoryIsRefusedWithExit2() throws Exception {
        Path inside = keys.resolve("old");
        writeKeys(inside, vault.keysJson(), vault.rootToken());

        CliRun r = run("vault", "keys", "restore", inside.toString());

        assertThat(r.code()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains(inside + " is inside " + keys).contains("move the saved copy outside");
        assertThat(Files.readString(keys.resolve("keys.json"))).isEqualTo(vault.keysJson());
        assertThat(home.resolve(".rollback/runs")).doesNotExist();
    }
}
