package dev.rollback.validation.check;

import dev.rollback.backup.BackupSet;
import dev.rollback.backup.Backups;
import dev.rollback.backup.VerificationReport;
import dev.rollback.backup.VerifyLevel;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The runbook's pre-rollback checks: a backup set to roll back to exists, holds every part the environment has (its
 * {@code .env}, Vault keys, each database, the volumes), and reads back intact (every artifact's checksum).
 *
 * <p>{@code BackupChecks.all() // backup.present, backup.complete, backup.intact}
 */
final class BackupChecks {
    static final String GROUP = "backup";

    private BackupChecks() {}

    static List<Check> all() {
        return List.of(
                Check.of("backup.present", GROUP, "A backup set to roll back to", BackupChecks::present),
                Check.of(
                        "backup.complete",
                        GROUP,
                        "The set holds every part of the environment",
                        c -> verify(c, VerifyLevel.COMPLETENESS)),
                new Check(
                        "backup.intact",
                        GROUP,
                        "The set reads back intact (checksums)",
                        Duration.ofMinutes(10),
                        c -> verify(c, VerifyLevel.CHECKSUMS)));
    }

    private static Verdict present(CheckContext ctx) {
        if (ctx.set().isEmpty()) {
            return Verdict.fail(
                    "a backup set in " + ctx.environment().backupRoot(),
                    "none",
                    "take one before changing anything: rollback backup");
        }
        BackupSet set = ctx.set().get();
        Duration age = Duration.between(set.manifest().created(), Instant.now());
        return Verdict.pass(
                "a backup set",
                set.manifest().id() + ", taken " + age.toHours() + " h " + age.toMinutesPart() + " min ago");
    }

    private static Verdict verify(CheckContext ctx, VerifyLevel level) {
        BackupSet set = ctx.set().orElseThrow(() -> new CheckSkipped("no backup set (see backup.present)"));
        VerificationReport r = set.verify(
                level,
                Backups.in(ctx.environment()).withConnections(ctx.connections()).verifyOptions(set, level));
        List<VerificationReport.Check> failed = r.failures().stream()
                .filter(c -> c.level().compareTo(level) == 0 || level == VerifyLevel.COMPLETENESS)
                .toList();
        return Verdict.of(
                failed.isEmpty(),
                level == VerifyLevel.COMPLETENESS ? "every part present" : "every checksum as recorded",
                failed.isEmpty()
                        ? r.checks().size() + " checks passed"
                        : failed.stream()
                                .map(VerificationReport.Check::toString)
                                .collect(Collectors.joining("; ")),
                "take a new backup (rollback backup) before rolling back; rollback verify "
                        + set.manifest().id() + " shows every check");
    }
}
