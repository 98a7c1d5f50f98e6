package dev.rollback.validation.advisor;

import dev.rollback.validation.baseline.Baseline;
import dev.rollback.validation.parse.TestCounts;
import dev.rollback.validation.probe.ServiceFigures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the advisor judges: the environment as observed now. Filled by hand (tests, a tool with its own probes) or from the live environment by {@link LiveAdvisor}.
 *
 * <p>{@code Observations.builder().health("mysql", HealthState.UNHEALTHY).build()}
 *
 * @param health each service's health state
 * @param resources each running service's memory and CPU now
 * @param baseline the healthy environment's figures, when one was recorded
 * @param tests the test suite's counts, when it was run
 * @param failedDataChecks services whose data check (row counts, fingerprints) failed
 * @param dataNotChecked why no data check ran (no backup set to compare with), empty when they ran
 * @param refusingConnections databases that refuse connections
 * @param vaultSealed whether the Vault is sealed, when it was asked
 * @param expiringSecretIds services whose AppRole secret-id expires soon
 * @param tlsOn services whose TLS flag ({@code <SERVICE>_ENABLE_TLS}) is on
 * @param changedFiles files changed since the baseline commit, relative to the project root
 * @param envDiffers whether {@code .env} differs from the backup set's
 * @param envCopy a plain copy of the set's {@code .env}, when one is at hand (for {@code rollback config --env-from})
 */
public record Observations(
        Map<String, HealthState> health,
        Map<String, ServiceFigures> resources,
        Optional<Baseline> baseline,
        Optional<TestCounts> tests,
        List<String> failedDataChecks,
        Optional<String> dataNotChecked,
        List<String> refusingConnections,
        Optional<Boolean> vaultSealed,
        List<String> expiringSecretIds,
        List<String> tlsOn,
        List<String> changedFiles,
        boolean envDiffers,
        Optional<Path> envCopy) {
    public Observations {
        health = Map.copyOf(health);
        resources = Map.copyOf(resources);
        failedDataChecks = List.copyOf(failedDataChecks);
        refusingConnections = List.copyOf(refusingConnections);
        expiringSecretIds = List.copyOf(expiringSecretIds);
        tlsOn = List.copyOf(tlsOn);
        changedFiles = List.copyOf(changedFiles);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects observations one by one; everything not given is empty, false or unknown. */
    public static final class Builder {
        private final Map<String, HealthState> health = new TreeMap<>();
        private final Map<String, ServiceFigures> resources = new TreeMap<>();
        private Baseline baseline;
        private TestCounts tests;
        private final List<String> failedDataChecks = new ArrayList<>();
        private String dataNotChecked;
        private final List<String> refusingConnections = new ArrayList<>();
        private Boolean vaultSealed;
        private final List<String> expiringSecretIds = new ArrayList<>();
        private final List<String> tlsOn = new ArrayList<>();
        private final List<String> changedFiles = new ArrayList<>();
        private boolean envDiffers;
        private Path envCopy;

        private Builder() {}

        public Builder health(String service, HealthState state) {
            health.put(service, state);
            return this;
        }

        public Builder resources(String service, ServiceFigures now) {
            resources.put(service, now);
            return this;
        }

        public Builder baseline(Baseline b) {
            baseline = b;
            return this;
        }

        public Builder tests(TestCounts counts) {
            tests = counts;
            return this;
        }

        public Builder failedDataCheck(String service) {
            failedDataChecks.add(service);
            return this;
        }

        /** No data check ran, for this reason: the integrity trigger is then not measured. */
        public Builder dataNotChecked(String why) {
            dataNotChecked = why;
            return this;
        }

        public Builder refusingConnections(String database) {
            refusingConnections.add(database);
            return this;
        }

        public Builder vaultSealed(boolean sealed) {
            vaultSealed = sealed;
            return this;
        }

        public Builder secretIdExpiring(String service) {
            expiringSecretIds.add(service);
            return this;
        }

        public Builder tlsOn(String service) {
            tlsOn.add(service);
            return this;
        }

        public Builder changedFiles(List<String> paths) {
            changedFiles.addAll(paths);
            return this;
        }

        public Builder envDiffers(boolean differs) {
            envDiffers = differs;
            return this;
        }

        public Builder envCopy(Path copy) {
            envCopy = copy;
            return this;
        }

        public Observations build() {
            return new Observations(
                    health,
                    resources,
                    Optional.ofNullable(baseline),
                    Optional.ofNullable(tests),
                    failedDataChecks,
                    Optional.ofNullable(dataNotChecked),
                    refusingConnections,
                    Optional.ofNullable(vaultSealed),
                    expiringSecretIds,
                    tlsOn,
                    changedFiles,
                    envDiffers,
                    Optional.ofNullable(envCopy));
        }
    }
}
