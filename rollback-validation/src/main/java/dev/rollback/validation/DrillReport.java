package dev.rollback.validation;

import dev.rollback.events.RollbackResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a drill did: where, how long each stage took, the rollback's own result and the checks after it.
 *
 * <p>{@code DrillReport r = SandboxDrill.in(dir).run(); if (!r.passed()) r.checks().forEach(System.out::println);}
 *
 * @param sandbox the drill's environment directory
 * @param stages each stage's wall time, in order (create, snapshot, break, rollback, validate)
 * @param rollback the rollback's result
 * @param checks the post-rollback checks
 */
public record DrillReport(
        Path sandbox, Map<String, Duration> stages, RollbackResult rollback, List<CheckResult> checks) {
    public DrillReport {
        stages = Collections.unmodifiableMap(new LinkedHashMap<>(stages));
        checks = List.copyOf(checks);
    }

    /** True when the rollback succeeded and every check holds. */
    public boolean passed() {
        return rollback.succeeded() && checks.stream().allMatch(CheckResult::passed);
    }
}
