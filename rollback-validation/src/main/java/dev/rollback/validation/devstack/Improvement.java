package dev.rollback.validation.devstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What the sandbox's improvement commit changes, as DevStack Core's phases 0-4 did: every init script gets an
 * {@code init-approle.sh} twin (AppRole login, and TLS certificates required when the service's TLS switch is on),
 * the compose file moves those services to it and mounts their certificates folder; phase 1 retunes PostgreSQL and
 * the rollback test; phase 0 adds documentation. With TLS switched on and no certificate issued, the services
 * crash at start: the runbook's "all services failing".
 *
 * <p>{@code Improvement.apply(home); repo.commitAll("feat: phase 0-4 improvements");}
 */
final class Improvement {
    private static final String TLS_CHECK = """
            # phase 3: TLS when switched on; the certificates come from Vault's PKI (configs/vault/scripts)
            require_tls_certs() {
              local flag="$1"
              if [ "${!flag:-false}" = true ] && [ ! -s /certs/cert.pem ]; then
                echo "init: $flag=true but no certificate in /certs (issue them: ./scripts/generate-certificates.sh)" >&2
                exit 1
              fi
            }
            """;

    private Improvement() {}

    static void apply(Path home) throws IOException {
        for (String service : DevStackSandbox.INIT_SERVICES) {
            Path init = home.resolve("configs/" + service + "/scripts/init.sh");
            String flag = service.toUpperCase(Locale.ROOT) + "_ENABLE_TLS";
            String approle = Files.readString(init, StandardCharsets.UTF_8)
                    .replace("with root-token auth", "with AppRole auth and TLS")
                    .replace(
                            "vault_login_root_token\n",
                            TLS_CHECK + "require_tls_certs " + flag + "\nvault_login_approle \"$VAULT_APPROLE_DIR\"\n")
                    .replace("(root token)", "(AppRole)");
            DevStackSandbox.write(init.resolveSibling("init-approle.sh"), approle, true);
        }
        Path compose = home.resolve("docker-compose.yml");
        String text = Files.readString(compose, StandardCharsets.UTF_8);
        for (String service : DevStackSandbox.INIT_SERVICES) {
            text = text.replace(
                    "- ./configs/" + service + "/scripts/init.sh:/init/init.sh:ro",
                    "- ./configs/" + service + "/scripts/init-approle.sh:/init/init-approle.sh:ro\n"
                            + "      - ${SANDBOX_HOME}/.config/vault/certs/" + service + ":/certs:ro");
        }
        // every service whose init script moved: the compose entrypoint is now the AppRole one
        StringBuilder out = new StringBuilder();
        String current = "";
        for (String line : text.split("\n", -1)) {
            if (line.matches("  [a-z0-9-]+:") || line.matches("x-redis-common: &redis-common")) {
                current = line.strip();
            }
            String section = current;
            boolean moved = section.startsWith("x-redis")
                    || DevStackSandbox.INIT_SERVICES.stream().anyMatch(s -> section.equals(s + ":"));
            out.append(
                            moved
                                    ? line.replace(
                                            "entrypoint: [\"/init/init.sh\"]",
                                            "entrypoint: [\"/init/init-approle.sh\"]")
                                    : line)
                    .append('\n');
        }
        DevStackSandbox.write(compose, out.substring(0, out.length() - 1), false);
        DevStackSandbox.write(
                home.resolve("configs/postgres/performance/tuning.conf"),
                "# Phase 1 performance configuration of PostgreSQL (improvement)\nwork_mem = 16MB\n"
                        + "effective_io_concurrency = 200\n",
                false);
        DevStackSandbox.write(
                home.resolve("tests/test-rollback.sh"),
                "#!/bin/sh\n# improvement: rollback test " + "with AppRole\nexit 0\n",
                true);
        DevStackSandbox.write(
                home.resolve("docs/SECURITY.md"),
                "# AppRole and TLS\n\nAdded by the phase 3 " + "improvements.\n",
                false);
    }
}
