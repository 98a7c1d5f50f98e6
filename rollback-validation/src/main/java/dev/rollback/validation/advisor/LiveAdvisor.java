package dev.rollback.validation.advisor;

import dev.rollback.backup.BackupKey;
import dev.rollback.backup.BackupSet;
import dev.rollback.backup.Backups;
import dev.rollback.env.Environment;
import dev.rollback.errors.RollbackException;
import dev.rollback.errors.UsageException;
import dev.rollback.spi.Connections;
import dev.rollback.validation.Validation;
import dev.rollback.validation.baseline.Baseline;
import dev.rollback.validation.baseline.Baselines;
import dev.rollback.validation.parse.TestCounts;
import dev.rollback.validation.probe.TestCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The advisor on the live environment: observes it (the engine's health states, {@code docker stats} against the
 * baseline, git against the baseline commit, the Vault's seal state, the databases' connection and data checks
 * against the newest verified backup set, {@code .env} against the set's, the test suite's counts), then judges the
 * observations by the runbook.
 *
 * <p>{@code Assessment a = Advisor.in(home).against(baseline).assess();}
 */
public final class LiveAdvisor {
    private final Environment environment;
    private Optional<Baseline> baseline;
    private BackupSet set;
    private String setName;
    private BackupKey key;
    private Connections connections;
    private Path junitReports;
    private String testCommand;
    private AdvisorThresholds thresholds;
    private RunHistory history;

    LiveAdvisor(Environment environment) {
        this.environment = environment;
    }

    /** Compare resources with this baseline (default: {@code .rollback/baseline.json}, else the set's). */
    public LiveAdvisor against(Baseline b) {
        baseline = Optional.of(b);
        return this;
    }

    /** Check data and {@code .env} against this set (default: the newest verified set, else the newest). */
    public LiveAdvisor comparedWith(BackupSet s) {
        set = s;
        return this;
    }

    /** Check data and {@code .env} against the set of this name ({@code latest}, an id or a directory). */
    public LiveAdvisor comparedWith(String name) {
        setName = name;
        return this;
    }

    /** The key of an encrypted set, to read its {@code .env} and Vault data. */
    public LiveAdvisor withKey(BackupKey k) {
        key = k;
        return this;
    }

    /** Use these connections (the caller closes them) instead of opening and closing its own. */
    public LiveAdvisor withConnections(Connections c) {
        connections = c;
        return this;
    }

    /** Read the test trigger from this directory of JUnit XML reports (default: {@code advisor.junit_reports}). */
    public LiveAdvisor junitReports(Path dir) {
        junitReports = dir;
        return this;
    }

    /** Run this test command for the test trigger (default: none; a suite run takes long). */
    public LiveAdvisor runningTests(String command) {
        testCommand = command;
        return this;
    }

    /** Judge with these thresholds instead of {@code rollback.yaml}'s {@code advisor:} section. */
    public LiveAdvisor withThresholds(AdvisorThresholds t) {
        thresholds = t;
        return this;
    }

    /** Expect durations from this history instead of the environment's journal. */
    public LiveAdvisor withHistory(RunHistory h) {
        history = h;
        return this;
    }

    /** The environment as observed now. */
    public Observations observe() {
        Connections own = connections == null ? Connections.to(environment) : null;
        try {
            Optional<BackupSet> compared = comparedSet();
            Optional<Baseline> base = baseline != null ? baseline : Baselines.recordedOrSet(environment, compared, key);
            Validation checks = Validation.of(environment)
                    .postRollback()
                    .onlyWhereAvailable(LiveObservations.CHECKS)
                    .withConnections(own == null ? connections : own);
            base.ifPresent(checks::withBaseline);
            compared.ifPresent(checks::against);
            if (key != null) {
                checks.withKey(key);
            }
            return LiveObservations.of(
                    environment, own == null ? connections : own, base, compared, checks::run, this::tests);
        } finally {
            if (own != null) {
                own.close();
            }
        }
    }

    /** The observations judged: each trigger measured, the severity, scope, command and expected duration. */
    public Assessment assess() {
        return advisor().assess(observe());
    }

    /** The advisor this live one judges with. */
    public Advisor advisor() {
        return new Advisor(
                environment.config().phases(),
                thresholds != null
                        ? thresholds
                        : AdvisorThresholds.of(environment.config().advisor()),
                history != null ? history : RunHistory.of(environment));
    }

    /** The set data and {@code .env} are checked against: the one given, else the newest verified, else the newest. */
    public Optional<BackupSet> comparedSet() {
        if (set != null) {
            return Optional.of(set);
        }
        Backups backups = Backups.in(environment);
        if (setName != null) {
            return Optional.of(backups.find(setName));
        }
        List<BackupSet> sets = backups.list();
        return sets.stream()
                .filter(s ->
                        s.lastVerification().map(BackupSet.Verification::passed).orElse(false))
                .findFirst()
                .or(() -> sets.stream().findFirst());
    }

    private Optional<TestCounts> tests() {
        if (testCommand != null) {
            Duration limit = environment.config().validation().testTimeout();
            try {
                TestCommand.Result r = TestCommand.run(environment.projectDir(), testCommand, limit);
                if (!r.ended()) {
                    throw new RollbackException("the test command (" + testCommand + ") was still running after "
                            + limit.toMinutes() + " min and was killed; raise validation.test_timeout or point"
                            + " --junit at its reports instead");
                }
                return r.counts();
            } catch (IOException e) {
                throw new RollbackException("cannot run the test command (" + testCommand + "): " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RollbackException("interrupted while running the test command", e);
            }
        }
        Optional<Path> dir = Optional.ofNullable(junitReports)
                .or(() -> environment.config().advisor().junitReports())
                .map(environment.projectDir()::resolve);
        if (dir.isPresent() && !Files.isDirectory(dir.get())) {
            throw new UsageException("no directory of JUnit XML reports at " + dir.get()
                    + "; run the test suite first, or fix --junit (advisor.junit_reports in rollback.yaml)");
        }
        return dir.flatMap(TestCounts::fromReports);
    }
}
