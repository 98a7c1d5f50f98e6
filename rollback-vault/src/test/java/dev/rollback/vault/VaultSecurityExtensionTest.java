package dev.rollback.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollback.Rollback;
import dev.rollback.env.Environment;
import dev.rollback.errors.Problem;
import dev.rollback.errors.UsageException;
import dev.rollback.events.Scope;
import dev.rollback.fixtures.AppRoleFixture;
import dev.rollback.plan.RollbackPlan;
import dev.rollback.plan.RunSettings;
import dev.rollback.plan.Step;
import dev.rollback.vault.server.VaultApiServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runbook's optional AppRole cleanup in the security rollback's plan, run against the test server. */
class VaultSecurityExtensionTest {
    final VaultApiServer vault = VaultApiServer.start();

    @TempDir
    Path tmp;

    AppRoleFixture fx;

    @BeforeEach
    void project() throws Exception {
        fx = AppRoleFixture.create(tmp);
        Files.writeString(fx.home().resolve(".env"), "VAULT_ADDR=" + vault.address() + "\n", StandardOpenOption.APPEND);
        Files.writeString(fx.rootTokenFile(), vault.rootToken() + "\n");
        for (String s : AppRoleFixture.SERVICES) {
            vault.appRole(s, "role-" + s, "secret-" + s, Instant.now(), Duration.ofDays(30));
        }
    }

    @AfterEach
    void stop() {
        vault.close();
    }

    Environment env(Map<String, String> variables) {
        Map<String, String> all = new HashMap<>(variables);
        all.put("HOME", fx.home().toString());
        return Environment.custom(fx.home()).withProcessEnvironment(all).build();
    }

    static Step cleanup(RollbackPlan plan) {
        return plan.steps().stream()
                .filter(s -> s.name().equals("vault-approle-cleanup"))
                .findFirst()
                .orElseThrow();
    }

    static List<Problem> cleanupProblems(RollbackPlan plan) {
        return plan.preflight().stream()
                .filter(p -> p.subject().equals("vault cleanup"))
                .toList();
    }

    @Test
    void dryRunShowsTheCleanupAfterTheServicesAreRecreated() {
        try (RollbackPlan plan = Rollback.in(env(Map.of()))
                .security()
                .useRootToken()
                .cleaningUpAppRole()
                .plan()) {
            String text = plan.render();

            assertThat(plan.steps().get(plan.steps().size() - 1).name()).isEqualTo("vault-approle-cleanup");
            assertThat(text)
                    .contains("delete the ACL policies postgres-policy, redis-policy; disable the approle "
                            + "auth method")
                    .contains("Vault auth method approle (disabled");
            assertThat(text).doesNotContain(vault.rootToken());
            assertThat(cleanupProblems(plan)).isEmpty();
        }
    }

    @Test
    void withoutTheFlagThereIsNoCleanup() {
        try (RollbackPlan plan =
                Rollback.in(env(Map.of())).security().useRootToken().plan()) {
            assertThat(plan.steps()).extracting(Step::name).doesNotContain("vault-approle-cleanup");
        }
    }

    @Test
    void aServiceLeftOnAppRoleKeepsTheAuthMethodAndItsPolicy() {
        try (RollbackPlan plan = Rollback.in(env(Map.of()))
                .security()
                .useRootToken()
                .services("postgres")
                .cleaningUpAppRole()
                .plan()) {
            assertThat(cleanup(plan).describe())
                    .contains("delete the ACL policies postgres-policy;")
                    .contains("keep the approle auth method (redis still use it)")
                    .doesNotContain("redis-policy");
        }
    }

    @Test
    void cleanupDisablesApproleAndDeletesThePolicies() {
        try (RollbackPlan full = Rollback.in(env(Map.of()))
                .security()
                .useRootToken()
                .cleaningUpAppRole()
                .plan()) {
            RollbackPlan only = new RollbackPlan(
                    full.environment(), Scope.PHASE, "cleanup", List.of(cleanup(full)), RunSettings.ofDefaults());

            var result = only.execute();

            assertThat(result.succeeded()).isTrue();
            assertThat(vault.authMounts()).doesNotContain("approle");
            assertThat(vault.policies())
                    .doesNotContain("postgres-policy", "redis-policy")
                    .contains("default");
            assertThat(result.steps().get(0).details())
                    .contains(
                            "vault: deleted ACL policies postgres-policy, " + "redis-policy",
                            "vault: disabled the approle auth method");
        }
    }

    @Test
    void aTokenWithoutPermissionBlocksWithAClearMessage() {
        String limited = vault.token("secret/");
        try (RollbackPlan plan = Rollback.in(env(Map.of("VAULT_TOKEN", limited)))
                .security()
                .useRootToken()
                .cleaningUpAppRole()
                .plan()) {
            assertThat(cleanupProblems(plan)).singleElement().satisfies(p -> {
                assertThat(p.blocking()).isTrue();
                assertThat(p.found())
                        .contains("the Vault token lacks permission for the AppRole cleanup")
                        .contains("sys/auth/approle (has deny)")
                        .contains("sys/policies/acl/postgres-policy (has deny)");
                assertThat(p.advice())
                        .contains("VAULT_TOKEN")
                        .contains("root-token")
                        .contains("leave out the cleanup");
            });
        }
        assertThat(vault.authMounts()).contains("approle");
    }

    @Test
    void anUnknownTokenIsA403NamedAsSuch() {
        try (RollbackPlan plan = Rollback.in(env(Map.of("VAULT_TOKEN", "hvs.not-a-token")))
                .security()
                .useRootToken()
                .cleaningUpAppRole()
                .plan()) {
            assertThat(cleanupProblems(plan))
                    .singleElement()
                    .satisfies(p -> assertThat(p.found())
                            .contains("token lacks permission for sys/capabilities-self")
                            .contains("403"));
        }
    }

    @Test
    void aSealedVaultBlocks() {
        vault.seal();
        try (RollbackPlan plan = Rollback.in(env(Map.of()))
                .security()
                .useRootToken()
                .cleaningUpAppRole()
                .plan()) {
            assertThat(cleanupProblems(plan))
                    .singleElement()
                    .satisfies(p -> assertThat(p.found()).contains("sealed"));
        }
    }

    @Test
    void cleanupWithTheWayBackIsAUsageError() throws Exception {
        Files.createDirectories(fx.home().resolve(".rollback"));
        Files.writeString(fx.home().resolve(".rollback/security-override.yml"), "services:\n  postgres: {}\n");

        assertThatThrownBy(() -> Rollback.in(env(Map.of()))
                        .security()
                        .useAppRole()
                        .cleaningUpAppRole()
                        .plan())
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("useRootToken()");
    }

    RollbackPlan wayBack(Map<String, String> variables) throws Exception {
        Files.createDirectories(fx.home().resolve(".rollback"));
        Files.writeString(
                fx.home().resolve(".rollback/security-override.yml"), "services:\n  postgres: {}\n  redis: {}\n");
        return Rollback.in(env(variables)).security().useAppRole().plan();
    }

    static List<Problem> appRoleProblems(RollbackPlan plan) {
        return plan.preflight().stream()
                .filter(p -> p.subject().equals("vault approle"))
                .toList();
    }

    @Test
    void wayBackToAppRoleChecksTheSecretIdsAndWarnsBeforeTheyExpire() throws Exception {
        vault.appRole(
                "redis", "role-redis", "secret-redis", Instant.now().minus(Duration.ofDays(27)), Duration.ofDays(30));
        try (RollbackPlan plan = wayBack(Map.of())) {
            List<Problem> problems = appRoleProblems(plan);

            assertThat(plan.render()).contains("vault-approle-check").contains("secret-ids of postgres, redis");
            assertThat(problems).singleElement().satisfies(p -> {
                assertThat(p.blocking()).isFalse();
                assertThat(p.found())
                        .contains("secret-id of redis expires at")
                        .contains("in 2 days (less than 7 days)")
                        .contains("vault write -f auth/approle/role/redis/secret-id")
                        .contains(fx.home()
                                .resolve(".config/vault/approles/redis/secret-id")
                                .toString());
            });
        }
    }

    @Test
    void anExpiredOrUnknownSecretIdBlocksTheWayBack() throws Exception {
        vault.appRole(
                "redis", "role-redis", "secret-redis", Instant.now().minus(Duration.ofDays(31)), Duration.ofDays(30));
        Files.writeString(fx.home().resolve(".config/vault/approles/postgres/secret-id"), "revoked\n");
        try (RollbackPlan plan = wayBack(Map.of())) {
            assertThat(appRoleProblems(plan))
                    .hasSize(2)
                    .allSatisfy(p -> assertThat(p.blocking()).isTrue())
                    .anySatisfy(p -> assertThat(p.found())
                            .contains("secret-id of redis EXPIRED at")
                            .contains("cannot log in")
                            .contains("vault write -f auth/approle/role/redis/secret-id"))
                    .anySatisfy(p -> assertThat(p.found())
                            .contains("AppRole postgres")
                            .contains("unknown to Vault (expired or revoked)"));
        }
    }

    @Test
    void aDisabledApproleBlocksTheWayBackWithTheFix() throws Exception {
        vault.appRole("x", "x", "x", Instant.now(), Duration.ZERO);
        try (RollbackPlan first = Rollback.in(env(Map.of()))
                .security()
                .useRootToken()
                .cleaningUpAppRole()
                .plan()) {
            new RollbackPlan(
                            first.environment(),
                            Scope.PHASE,
                            "cleanup",
                            List.of(cleanup(first)),
                            RunSettings.ofDefaults())
                    .execute();
        }
        try (RollbackPlan plan = wayBack(Map.of())) {
            assertThat(appRoleProblems(plan)).singleElement().satisfies(p -> {
                assertThat(p.blocking()).isTrue();
                assertThat(p.found()).contains("the approle auth method is not enabled");
                assertThat(p.advice()).contains("vault auth enable approle");
            });
        }
    }

    @Test
    void secretIdsThatCannotBeLookedUpOnlyWarn() throws Exception {
        String limited = vault.token("secret/");
        try (RollbackPlan plan = wayBack(Map.of("VAULT_TOKEN", limited))) {
            assertThat(appRoleProblems(plan)).isNotEmpty().allSatisfy(p -> {
                assertThat(p.blocking()).isFalse();
                assertThat(p.found()).contains("token lacks permission");
            });
        }
        vault.close();
        try (RollbackPlan plan = wayBack(Map.of())) {
            assertThat(appRoleProblems(plan)).singleElement().satisfies(p -> {
                assertThat(p.blocking()).isFalse();
                assertThat(p.found())
                        .contains("the AppRole secret-ids were not checked")
                        .contains("did not answer");
            });
        }
    }

    @Test
    void secretIdStatusOfEachRoleInTheKeyDirectory() {
        vault.appRole("redis", "role-redis", "secret-redis", Instant.now(), Duration.ZERO);
        VaultSettings s = VaultSettings.from(env(Map.of()));
        List<SecretIdStatus> all = SecretIdStatus.check(
                VaultClient.connect(s), SecretIdStatus.rolesIn(s.keyDir()), Duration.ofDays(7), Instant.now());

        assertThat(all).extracting(SecretIdStatus::role).containsExactly("postgres", "redis");
        assertThat(all.get(0).state()).isEqualTo(SecretIdStatus.State.OK);
        assertThat(all.get(0).daysLeft()).contains(29L);
        assertThat(all.get(1).state()).isEqualTo(SecretIdStatus.State.NEVER_EXPIRES);
        assertThat(all).allSatisfy(x -> assertThat(x.message()).doesNotContain("secret-postgres", "secret-redis"));
    }
}
