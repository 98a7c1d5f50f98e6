package dev.rollback.validation.check;

import dev.rollback.validation.report.ResourceSample;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The runbook's checklists as checks: after a rollback (its "Rollback Validation Checklist" and success criteria)
 * and before one (its pre-rollback backup checks). Which checks a run has depends on the environment (its
 * databases, its HTTP endpoints) but is known before any runs.
 *
 * <p>{@code Checklist c = Checklist.postRollback(ctx); c.checks(); ... c.resources(ctx)}
 */
public final class Checklist {
    /** Every group, in report order. */
    public static final List<String> GROUPS = List.of(
            GitChecks.GROUP,
            ServiceChecks.GROUP,
            VaultChecks.GROUP,
            DataChecks.GROUP,
            HttpChecks.GROUP,
            FileChecks.GROUP,
            ResourceChecks.GROUP,
            LogChecks.GROUP,
            TestSuiteCheck.GROUP,
            BackupChecks.GROUP);

    private final List<Check> checks;
    private final ResourceChecks resources;

    private Checklist(List<Check> checks, ResourceChecks resources) {
        this.checks = List.copyOf(checks);
        this.resources = resources;
    }

    /** The post-rollback checklist of the context's environment. */
    public static Checklist postRollback(CheckContext ctx) {
        ResourceChecks resources = new ResourceChecks();
        List<Check> all = new ArrayList<>();
        all.addAll(GitChecks.all());
        all.addAll(ServiceChecks.all());
        all.addAll(VaultChecks.all());
        all.addAll(DataChecks.of(ctx));
        all.addAll(HttpChecks.of(ctx));
        all.addAll(FileChecks.all());
        all.addAll(resources.checks(ctx));
        all.addAll(LogChecks.all());
        all.addAll(TestSuiteCheck.all(ctx));
        return new Checklist(all, resources);
    }

    /** The pre-rollback checklist: a backup set to roll back to, complete and intact. */
    public static Checklist preRollback(CheckContext ctx) {
        return new Checklist(BackupChecks.all(), null);
    }

    /** The checks, in report order. */
    public List<Check> checks() {
        return checks;
    }

    /** This checklist with only the checks {@code keep} accepts, and {@code extra} added at the end. */
    public Checklist filtered(Predicate<Check> keep, List<Check> extra) {
        List<Check> out = new ArrayList<>(checks.stream().filter(keep).toList());
        out.addAll(extra);
        return new Checklist(out, resources);
    }

    /** The resource samples the run took, for the report's chart; empty when none were taken. */
    public List<ResourceSample> resources(CheckContext ctx) {
        return resources == null ? List.of() : resources.samples(ctx);
    }
}
