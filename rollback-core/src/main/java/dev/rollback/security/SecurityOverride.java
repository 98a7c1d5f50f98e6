package dev.rollback.security;

import dev.rollback.env.Mount;
import dev.rollback.env.ServiceDefinition;
import dev.rollback.env.YamlLimits;
import dev.rollback.errors.EnvironmentException;
import dev.rollback.errors.RollbackException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The compose override that puts services on root-token auth instead of AppRole, the reversible form of the runbook's
 * {@code sed} edits of {@code docker-compose.yml}: per service {@code entrypoint: ["/init/init.sh"]}, a read-only
 * bind of {@code ./configs/<dir>/scripts/init.sh} at {@code /init/init.sh}, {@code VAULT_TOKEN} from an
 * {@code env_file} (never in this text), and every AppRole mount neutralised. Compose v1 merges {@code volumes} by
 * target and cannot remove one, so each AppRole target is bound to an empty directory under {@code .rollback/}
 * instead: the container sees no role-id or secret-id.
 *
 * <p>{@code String yaml = SecurityOverride.render(List.of(catalog.require("postgres")));}
 */
public final class SecurityOverride {
    /** The override file, relative to the project. */
    public static final String FILE = ".rollback/security-override.yml";
    /** The env file holding {@code VAULT_TOKEN=<root token>}, mode 0600, relative to the project. */
    public static final String TOKEN_ENV_FILE = ".rollback/vault-token.env";
    /** The empty directory bound over AppRole mounts, mode 0700, relative to the project. */
    public static final String VOID_DIR = ".rollback/approle-void";
    /** Where the root-token init script is mounted in the container. */
    public static final String INIT_TARGET = "/init/init.sh";

    static final String HEADER = "# Written by the rollback SDK (rollback security root-token): these services use\n"
            + "# root-token auth (init.sh, VAULT_TOKEN from " + TOKEN_ENV_FILE + ") instead of AppRole.\n"
            + "# docker-compose.yml is unchanged; undo with: rollback security approle\n";

    private SecurityOverride() {}

    /** The override's text for {@code services}, in the given order; holds no secret. */
    public static String render(Collection<ServiceDefinition> services) {
        StringBuilder b = new StringBuilder(HEADER).append("services:\n");
        for (ServiceDefinition s : services) {
            b.append("  ").append(quote(s.name())).append(":\n");
            b.append("    entrypoint: [").append(quote(INIT_TARGET)).append("]\n");
            b.append("    env_file: [").append(quote(TOKEN_ENV_FILE)).append("]\n");
            if (s.environment().containsKey("VAULT_APPROLE_DIR")) {
                b.append("    environment:\n      VAULT_APPROLE_DIR: \"\"\n");
            }
            b.append("    volumes:\n");
            b.append("      - ")
                    .append(quote("./" + initScript(s) + ":" + INIT_TARGET + ":ro"))
                    .append('\n');
            for (Mount m : appRoleMounts(s)) {
                b.append("      - ")
                        .append(quote("./" + VOID_DIR + ":" + m.target() + ":ro"))
                        .append('\n');
            }
        }
        return b.toString();
    }

    /** {@code configs/<dir>/scripts/init.sh} of a service, relative to the project. */
    public static String initScript(ServiceDefinition s) {
        return s.configDir()
                        .orElseThrow(() -> new RollbackException("service " + s.name() + " mounts no "
                                + "configs/<dir>, so it has no root-token init.sh"))
                + "/scripts/init.sh";
    }

    /** Whether the service's compose entrypoint is an AppRole init script ({@code init-approle.sh}). */
    public static boolean usesAppRoleEntrypoint(ServiceDefinition s) {
        return s.entrypoint().stream().anyMatch(e -> e.endsWith("init-approle.sh"));
    }

    /** The service's AppRole credential mounts: a target under {@code /vault-approles}, or an approles source. */
    public static List<Mount> appRoleMounts(ServiceDefinition s) {
        List<Mount> out = new ArrayList<>();
        for (Mount m : s.mounts()) {
            if (m.isBind()
                    && (m.target().startsWith("/vault-approles")
                            || m.source().contains("/approles/")
                            || m.source().endsWith("/approles"))) {
                out.add(m);
            }
        }
        return out;
    }

    /** The services an existing override puts on root-token, in file order; empty when there is no file. */
    public static Set<String> servicesIn(Path file) {
        if (!Files.isRegularFile(file)) {
            return Set.of();
        }
        try {
            Object doc = YamlLimits.load(file);
            if (doc instanceof Map<?, ?> m && m.get("services") instanceof Map<?, ?> services) {
                Set<String> out = new LinkedHashSet<>();
                services.keySet().forEach(k -> out.add(String.valueOf(k)));
                return out;
            }
            return Set.of();
        } catch (EnvironmentException e) {
            throw new RollbackException(
                    "cannot read the security override " + e.getMessage()
                            + "; move it aside and run the rollback again",
                    e);
        } catch (RuntimeException e) {
            throw new RollbackException(
                    "cannot read the security override " + file + ": " + e.getMessage()
                            + "; move it aside and run the rollback again",
                    e);
        }
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
