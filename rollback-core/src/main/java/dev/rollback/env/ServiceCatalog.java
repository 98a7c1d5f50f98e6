package dev.rollback.env;

import dev.rollback.errors.UsageException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The services and volumes of an environment.
 *
 * <p>{@code ServiceDefinition mysql = env.catalog().require("mysql");}
 *
 * <p>Immutable.
 */
public final class ServiceCatalog {
    private final Map<String, ServiceDefinition> services;
    private final List<VolumeDefinition> volumes;

    private ServiceCatalog(Map<String, ServiceDefinition> services, List<VolumeDefinition> volumes) {
        this.services = services;
        this.volumes = volumes;
    }

    /**
     * A catalog of the given services and volumes, in that order (for tools and tests that have no compose file).
     *
     * <p>{@code ServiceCatalog.of(List.of(mysqlDefinition), List.of())}
     *
     * @throws IllegalArgumentException when two services share a name
     */
    public static ServiceCatalog of(List<ServiceDefinition> services, List<VolumeDefinition> volumes) {
        Map<String, ServiceDefinition> byName = new LinkedHashMap<>();
        for (ServiceDefinition s : services) {
            if (byName.put(s.name(), s) != null) {
                throw new IllegalArgumentException("two services are named '" + s.name() + "'");
            }
        }
        return new ServiceCatalog(Collections.unmodifiableMap(byName), List.copyOf(volumes));
    }

    /** All services, in compose file order. */
    public List<ServiceDefinition> services() {
        return List.copyOf(services.values());
    }

    public Optional<ServiceDefinition> find(String name) {
        return Optional.ofNullable(services.get(name));
    }

    /** The service, or a {@link dev.rollback.errors.UsageException} listing the known names. */
    public ServiceDefinition require(String name) {
        ServiceDefinition s = services.get(name);
        if (s != null) {
            return s;
        }
        String suggestion =
                closest(name).map(c -> " (did you mean '" + c + "'?)").orElse("");
        throw new UsageException("unknown service '" + name + "'" + suggestion + "; known services: "
                + String.join(", ", services.keySet()));
    }

    /** The project's named volumes, in compose file order. */
    public List<VolumeDefinition> volumes() {
        return volumes;
    }

    /** Every profile any service names, in order of first mention. */
    public Set<String> profiles() {
        Set<String> profiles = new LinkedHashSet<>();
        services.values().forEach(s -> profiles.addAll(s.profiles()));
        return Collections.unmodifiableSet(profiles);
    }

    /**
     * The services that start under the given profiles: those without profiles, and those naming one of them
     * ({@code *} activates every profile, as in compose).
     */
    public List<ServiceDefinition> activeIn(Set<String> profiles) {
        Objects.requireNonNull(profiles, "profiles");
        boolean all = profiles.contains("*");
        return services.values().stream()
                .filter(s -> all || s.activeIn(profiles))
                .toList();
    }

    @Override
    public String toString() {
        return "ServiceCatalog" + services.keySet();
    }

    private Optional<String> closest(String name) {
        String best = null;
        int bestDistance = 3;
        for (String known : services.keySet()) {
            int d = distance(name == null ? "" : name, known);
            if (d < bestDistance) {
                best = known;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
