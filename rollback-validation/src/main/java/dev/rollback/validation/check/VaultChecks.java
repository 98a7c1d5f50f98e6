package dev.rollback.validation.check;

import dev.rollback.env.ServiceDefinition;
import dev.rollback.env.ServiceKind;
import dev.rollback.spi.ExecRequest;
import dev.rollback.spi.ExecResult;
import dev.rollback.spi.SecretStore;
import dev.rollback.spi.SecretStoreStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The runbook's Vault items, asked of Vault's API (not the CLI): unsealed and answering; root-token auth in use
 * (every service that talks to Vault is given {@code VAULT_TOKEN}, asked of its container); TLS off where the
 * runbook's procedures turn it off, in {@code .env}'s {@code <SERVICE>_ENABLE_TLS} flags and in Vault's
 * {@code tls_enabled} fields. A token's value never appears in a report: only which services lack one.
 *
 * <p>{@code VaultChecks.all() // vault.unsealed, vault.root-token, vault.tls-env, vault.tls-secrets}
 */
final class VaultChecks {
    static final String GROUP = "vault";

    private VaultChecks() {}

    static List<Check> all() {
        return List.of(
                Check.of("vault.unsealed", GROUP, "Vault unsealed and answering", VaultChecks::unsealed),
                Check.of(
                        "vault.root-token", GROUP, "Root-token auth: services get VAULT_TOKEN", VaultChecks::rootToken),
                Check.of("vault.tls-env", GROUP, "TLS off in .env (<SERVICE>_ENABLE_TLS=false)", VaultChecks::tlsEnv),
                Check.of(
                        "vault.tls-secrets",
                        GROUP,
                        "TLS off in Vault (tls_enabled=false in secret/<service>)",
                        VaultChecks::tlsSecrets));
    }

    private static void requireVault(CheckContext ctx) {
        if (!ctx.hasVault()) {
            throw new CheckSkipped("the environment has no Vault service");
        }
    }

    private static Verdict unsealed(CheckContext ctx) {
        requireVault(ctx);
        SecretStoreStatus s = ctx.vaultStatus()
                .orElseThrow(() -> new CheckSkipped("no Vault client on the class path (rollback-vault)"));
        String expected = "unsealed, answering at " + s.address();
        if (!s.answering()) {
            return Verdict.fail(
                    expected,
                    "no answer: " + s.detail(),
                    "start Vault (docker compose up -d vault), then unseal it: rollback vault unseal");
        }
        return Verdict.of(
                s.usable(),
                expected,
                s.detail(),
                s.initialized()
                        ? "unseal it with the environment's keys: rollback vault unseal"
                        : "Vault was never initialised: restore its keys and data (rollback full --from-backup <set>)");
    }

    /** The active services in scope whose environment names a Vault address. */
    private static List<ServiceDefinition> vaultClients(CheckContext ctx) {
        return ctx.activeServices().stream()
                .filter(s -> s.kind() != ServiceKind.VAULT && s.environment().containsKey("VAULT_ADDR"))
                .toList();
    }

    private static Verdict rootToken(CheckContext ctx) {
        requireVault(ctx);
        List<ServiceDefinition> clients = vaultClients(ctx);
        if (clients.isEmpty()) {
            throw new CheckSkipped("no service in scope names VAULT_ADDR");
        }
        List<String> without = clients.stream()
                .filter(s -> !hasToken(ctx, s))
                .map(ServiceDefinition::name)
                .toList();
        return Verdict.of(
                without.isEmpty(),
                clients.size() + " services given VAULT_TOKEN",
                without.isEmpty()
                        ? clients.size() + " services given VAULT_TOKEN"
                        : "without VAULT_TOKEN (AppRole or nothing): " + String.join(", ", without),
                "switch back to root-token auth: rollback security root-token (it gives the services VAULT_TOKEN)");
    }

    /**
     * Whether the service is given a {@code VAULT_TOKEN}: asked of its running container ({@code test -n}, so the
     * value never leaves it), as a compose override or env file may set it; from the compose file and {@code .env}
     * when it is not running or has no shell.
     */
    private static boolean hasToken(CheckContext ctx, ServiceDefinition s) {
        if (ctx.running(s.name())) {
            ExecResult r = ctx.engine()
                    .exec(
                            ctx.environment(),
                            s.name(),
                            ExecRequest.of("sh", "-c", "test -n \"$VAULT_TOKEN\"")
                                    .withTimeout(Duration.ofSeconds(10)));
            if (r.exitCode() == 0 || r.exitCode() == 1) {
                return r.exitCode() == 0;
            }
        }
        return !s.environment().getOrDefault("VAULT_TOKEN", "").isBlank();
    }

    private static Verdict tlsEnv(CheckContext ctx) {
        Map<String, String> vars = ctx.environment().variables();
        List<String> flags = tlsFlags(ctx);
        if (flags.isEmpty()) {
            throw new CheckSkipped("no service in scope has a TLS flag");
        }
        List<String> on = flags.stream().filter(f -> isTrue(vars.get(f))).toList();
        return Verdict.of(
                on.isEmpty(),
                String.join(", ", flags) + " false or unset",
                on.isEmpty() ? flags.size() + " flags off" : "on: " + String.join(", ", on),
                "turn TLS off: rollback service <name> --disable-tls, or rollback full");
    }

    private static Verdict tlsSecrets(CheckContext ctx) {
        requireVault(ctx);
        List<ServiceDefinition> withFlag = ctx.activeServices().stream()
                .filter(s -> s.tlsFlag().isPresent())
                .toList();
        if (withFlag.isEmpty()) {
            throw new CheckSkipped("no service in scope has a TLS flag");
        }
        SecretStore store = ctx.secrets();
        List<String> on = new ArrayList<>();
        int read = 0;
        for (ServiceDefinition s : withFlag) {
            Optional<String> v = store.field("secret/" + s.name(), "tls_enabled");
            if (v.isPresent()) {
                read++;
                if (isTrue(v.get())) {
                    on.add("secret/" + s.name());
                }
            }
        }
        if (read == 0) {
            throw new CheckSkipped("no secret/<service> in Vault has a tls_enabled field");
        }
        return Verdict.of(
                on.isEmpty(),
                "tls_enabled=false",
                on.isEmpty()
                        ? read + " secrets with tls_enabled=false"
                        : "tls_enabled=true in " + String.join(", ", on),
                "turn TLS off: rollback service <name> --disable-tls (it sets tls_enabled=false in Vault too)");
    }

    private static List<String> tlsFlags(CheckContext ctx) {
        return ctx.activeServices().stream()
                .map(ServiceDefinition::tlsFlag)
                .flatMap(Optional::stream)
                .distinct()
                .toList();
    }

    private static boolean isTrue(String v) {
        return v != null && List.of("true", "1", "yes", "on").contains(v.strip().toLowerCase(Locale.ROOT));
    }
}
