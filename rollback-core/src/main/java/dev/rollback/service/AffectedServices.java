package dev.rollback.service;

import dev.rollback.env.Environment;
import dev.rollback.env.Mount;
import dev.rollback.env.ServiceDefinition;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Which services a change of project files reaches: those that bind-mount a changed file or a directory holding
 * one (DevStack Core mounts {@code ./configs/<service>} and its scripts into each container), among the services of
 * the active profiles and those whose container runs; a service whose mounts hold none of the files is left alone.
 *
 * <p>{@code AffectedServices.mounting(env, List.of("configs/prometheus/prometheus.yml"), running) // [prometheus]}
 */
public final class AffectedServices {
    private AffectedServices() {}

    /**
     * The services, in catalog order, that mount any of {@code files} (paths relative to the project directory).
     *
     * @param running services whose containers run now (they count whatever the profiles say)
     */
    public static List<String> mounting(Environment env, Collection<String> files, Set<String> running) {
        Path project = env.projectDir().toAbsolutePath().normalize();
        List<Path> changed =
                files.stream().map(f -> project.resolve(f).normalize()).toList();
        List<String> out = new ArrayList<>();
        for (ServiceDefinition s : env.catalog().services()) {
            if (!s.activeIn(env.activeProfiles()) && !running.contains(s.name())) {
                continue;
            }
            for (Mount m : s.mounts()) {
                if (!m.isBind()) {
                    continue;
                }
                Path source = project.resolve(m.source()).normalize();
                if (changed.stream().anyMatch(f -> f.startsWith(source))) {
                    out.add(s.name());
                    break;
                }
            }
        }
        return out;
    }
}
