package dev.rollback.vault.server;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The path prefixes an ACL policy's text grants, this server's stand-in for Vault's policy evaluation: each
 * {@code path "…" { capabilities = […] }} rule whose capabilities are not {@code deny} grants everything under its
 * path, a trailing {@code *} dropped. Capabilities are not told apart, and {@code +} segments are not expanded.
 *
 * <p>{@code PolicyPaths.of("path \"secret/data/app/*\" { capabilities = [\"read\"] }")} is
 * {@code [secret/data/app/]}.
 */
final class PolicyPaths {
    private static final Pattern RULE = Pattern.compile("path\\s+\"([^\"]+)\"\\s*\\{([^}]*)}");

    private PolicyPaths() {}

    static List<String> of(String policy) {
        List<String> paths = new ArrayList<>();
        Matcher m = RULE.matcher(policy);
        while (m.find()) {
            if (m.group(2).contains("\"deny\"")) {
                continue;
            }
            String path = m.group(1);
            paths.add(path.endsWith("*") ? path.substring(0, path.length() - 1) : path);
        }
        return List.copyOf(paths);
    }
}
