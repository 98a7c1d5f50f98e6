package dev.rollback.databases.backup;

import dev.rollback.databases.spi.DatabaseTarget;
import dev.rollback.env.Environment;
import dev.rollback.spi.BackupContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A project of the {@code local} target for tests: a compose file naming the services (their images and
 * environment) and a {@code rollback.yaml} with {@code target: local} and each service's host and port.
 *
 * <p>{@code Environment env = LocalProject.create(dir, "  postgres:\n    image: local/postgres:15\n",
 * Map.of("postgres", "127.0.0.1:5432"));}
 */
final class LocalProject {
    private LocalProject() {}

    /**
     * @param services the compose file's {@code services:} body (indented by two spaces)
     * @param addresses per service, {@code host:port}
     */
    static Environment create(Path dir, String services, Map<String, String> addresses) {
        StringBuilder yaml = new StringBuilder("target: local\nservices:\n");
        addresses.forEach((name, address) -> {
            int colon = address.lastIndexOf(':');
            yaml.append("  ")
                    .append(name)
                    .append(":\n    host: ")
                    .append(address, 0, colon)
                    .append("\n    port: ")
                    .append(address.substring(colon + 1))
                    .append('\n');
        });
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("docker-compose.yml"), "services:\n" + services);
            Files.writeString(dir.resolve("rollback.yaml"), yaml.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Environment.custom(dir)
                .withProcessEnvironment(Map.of("HOME", dir.toString()))
                .build();
    }

    /** The live target of {@code service} in {@code ctx}, scoped to {@code scope} (what a backup of it dumps). */
    static DatabaseTarget liveTarget(BackupContext ctx, String service, List<String> scope) {
        EnvironmentTargets targets = EnvironmentTargets.of(ctx);
        return targets.withScopes(Map.of(service, scope))
                .target(targets.unit(service).orElseThrow());
    }
}
