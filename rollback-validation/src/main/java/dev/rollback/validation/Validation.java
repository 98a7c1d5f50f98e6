package dev.rollback.validation;

import dev.rollback.backup.BackupKey;
import dev.rollback.backup.BackupSet;
import dev.rollback.backup.Backups;
import dev.rollback.env.Environment;
import dev.rollback.env.ValidationSettings;
import dev.rollback.errors.UsageException;
import dev.rollback.plan.Runs;
import dev.rollback.spi.Connections;
import dev.rollback.validation.baseline.Baseline;
import dev.rollback.validation.baseline.Baselines;
import dev.rollback.validation.check.Check;
import dev.rollback.validation.check.CheckContext;
import dev.rollback.validation.check.CheckRunner;
import dev.rollback.validation.check.Checklist;
import dev.rollback.validation.report.CheckOutcome;
import dev.rollback.validation.report.ValidationReport;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Checks a live environment against the runbook's checklists and returns the verdict: after a rollback (git,
 * services, Vault, every database's data against the backup set, HTTP endpoints, files, resources against the
 * baseline, logs, the project's tests) or before one (a backup set to roll back to, complete and intact). Checks run
 * in parallel, each within its own timeout; one that cannot run is skipped with the reason, never passed.
 *
 * <p>{@code ValidationReport r = Validation.in(home).postRollback().against(set).run(); System.exit(r.exitCode());}
 */
public final class Validation {
    /**
     * Log lines older than this are not read unless {@link #since} says otherwise (nor lines from before the end of
     * the newest rollback run).
     */
    public static final Duration DEFAULT_LOG_WINDOW = Duration.ofMinutes(10);

    private final Environment environment;
    private boolean pre;
    private Optional<BackupSet> set;
    private String setName;
    private BackupKey key;
    private Optional<Baseline> baseline;
    private final Set<String> groups = new LinkedHashSet<>();
    private boolean lenient;
    private final Set<String> services = new LinkedHashSet<>();
    private final List<Check> extra = new ArrayList<>();
    private Instant since;
    private String testCommand;
    private Connections connections;
    private int threads = 16;
    private Consumer<CheckOutcome> listener = o -> {};
    private Clock clock = Clock.systemUTC();

    private Validation(Environment environment) {
        this.environment = environment;
    }

    /** A validation of the environment in {@code home} (its compose files, {@code .env} and {@code rollback.yaml}). */
    public static Validation in(Path home) {
        return new Validation(Environment.load(home));
    }

    /** A validation of an environment already loaded. */
    public static Validation of(Environment environment) {
        return new Validation(environment);
    }

    /** The post-rollback checklist (the default). */
    public Validation postRollback() {
        pre = false;
        return this;
    }

    /** The pre-rollback checklist: a backup set to roll back to, complete and intact. */
    public Validation preRollback() {
        pre = true;
        return this;
    }

    /** Compares with this set (default: the newest set of the backup root, if any). */
    public Validation against(BackupSet backupSet) {
        this.set = Optional.of(backupSet);
        this.setName = null;
        return this;
    }

    /** Compares with the set named {@code latest}, by id, or by directory, as {@code rollback verify} finds them. */
    public Validation against(String name) {
        this.setName = name;
        this.set = null;
        return this;
    }

    /** The key of an encrypted set, to compare its {@code .env} and key files. */
    public Validation withKey(BackupKey backupKey) {
        this.key = backupKey;
        return this;
    }

    /**
     * Compares with this baseline (default: the environment's recorded one, else the one the compared set carries,
     * if any).
     */
    public Validation withBaseline(Baseline b) {
        this.baseline = Optional.of(b);
        return this;
    }

    /** Runs only the checks of these groups ({@code git}, {@code databases}, ...), or with these ids. */
    public Validation only(Collection<String> groupsOrIds) {
        groups.addAll(groupsOrIds);
        return this;
    }

    /**
     * Like {@link #only}, without refusing a group or id this environment has no check for: what a rollback command
     * asks for at its end ({@code vault.kv-data} of a set that holds no Vault secrets is simply not there).
     */
    public Validation onlyWhereAvailable(Collection<String> groupsOrIds) {
        groups.addAll(groupsOrIds);
        lenient = true;
        return this;
    }

    /** Only the checks of these services (a service rollback's scope); every service by default. */
    public Validation ofServices(Collection<String> names) {
        services.addAll(names);
        return this;
    }

    /**
     * Reads logs from this moment; default: the last ten minutes, from the end of the newest rollback run when it
     * ended within them.
     */
    public Validation since(Instant moment) {
        this.since = moment;
        return this;
    }

    /** Runs this test command instead of {@code validation.test_command}. */
    public Validation runningTests(String command) {
        this.testCommand = command;
        return this;
    }

    /** A check of the caller's own, run with the others. */
    public Validation adding(Check check) {
        extra.add(check);
        return this;
    }

    /** Hears each check's outcome as it ends (for progress), from the runner's threads. */
    public Validation onEachCheck(Consumer<CheckOutcome> each) {
        this.listener = each == null ? o -> {} : each;
        return this;
    }

    /** Uses these connections (not closed here); by default the run opens its own and closes them. */
    public Validation withConnections(Connections c) {
        this.connections = c;
        return this;
    }

    /** Runs at most this many checks at once (default 16). */
    public Validation withThreads(int n) {
        this.threads = n;
        return this;
    }

    /** The clock the run's times come from. */
    public Validation withClock(Clock c) {
        this.clock = c;
        return this;
    }

    /** What the run would check, without checking anything (for {@code --dry-run} and {@code --list}). */
    public List<Check> checks() {
        Connections own = connections == null ? Connections.to(environment) : null;
        try {
            return checklist(context(own == null ? connections : own)).checks();
        } finally {
            if (own != null) {
                own.close();
            }
        }
    }

    /** Runs the checks and returns the report; exit code 0 when none failed, 4 otherwise. */
    public ValidationReport run() {
        Instant at = clock.instant();
        long start = System.nanoTime();
        Connections own = connections == null ? Connections.to(environment) : null;
        try {
            CheckContext ctx = context(own == null ? connections : own);
            Checklist list = checklist(ctx);
            List<CheckOutcome> outcomes = new CheckRunner(threads).run(list.checks(), ctx, listener);
            return new ValidationReport(
                    scope(), at, Duration.ofNanos(System.nanoTime() - start), outcomes, list.resources(ctx));
        } finally {
            if (own != null) {
                own.close();
            }
        }
    }

    private String scope() {
        String s = pre ? "pre-rollback" : "post-rollback";
        return services.isEmpty() ? s : s + " of " + String.join(", ", services);
    }

    private Checklist checklist(CheckContext ctx) {
        Checklist all = pre ? Checklist.preRollback(ctx) : Checklist.postRollback(ctx);
        if (!groups.isEmpty() && !lenient) {
            List<String> known = new ArrayList<>(Checklist.GROUPS);
            all.checks().forEach(c -> known.add(c.id()));
            for (String g : groups) {
                if (!known.contains(g)) {
                    throw new UsageException(
                            "no check group or id '" + g + "'; groups: " + String.join(", ", Checklist.GROUPS));
                }
            }
        }
        return all.filtered(c -> groups.isEmpty() || groups.contains(c.group()) || groups.contains(c.id()), extra);
    }

    private CheckContext context(Connections c) {
        Optional<BackupSet> chosen = set != null ? set : findSet();
        Optional<Baseline> base = baseline != null ? baseline : Baselines.recordedOrSet(environment, chosen, key);
        ValidationSettings settings = environment.config().validation();
        if (testCommand != null) {
            settings = settings.withTestCommand(testCommand);
        }
        Instant from = since != null ? since : defaultSince();
        return new CheckContext(environment, c, chosen, Optional.ofNullable(key), base, from, services, settings);
    }

    /**
     * The last ten minutes, or less: from the end of the newest rollback run when it ended within them, so that what
     * the rollback did itself (a restore terminating PostgreSQL's connections, restarts) is not held against it.
     */
    private Instant defaultSince() {
        Instant window = clock.instant().minus(DEFAULT_LOG_WINDOW);
        return Runs.in(environment)
                .last()
                .map(r -> r.duration() == null ? r.started() : r.started().plus(r.duration()))
                .filter(end -> end.isAfter(window))
                .orElse(window);
    }

    private Optional<BackupSet> findSet() {
        if (setName != null) {
            return Optional.of(Backups.in(environment).find(setName));
        }
        List<BackupSet> sets = Backups.in(environment).list();
        return sets.isEmpty() ? Optional.empty() : Optional.of(sets.get(0));
    }
}
