package dev.rollback.validation.report;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Reports for the format tests: one with a check of every status, one with hostile strings. */
final class SampleReports {
    static final Instant AT = Instant.parse("2026-01-05T10:00:00Z");
    static final String HOSTILE = "<script>alert('x')</script> & \"quoted\" ]]> \u0001";

    private SampleReports() {}

    /** git: one passed, one failed; vault: one skipped; services: one passed; with resource samples. */
    static ValidationReport mixed() {
        return new ValidationReport(
                "post-rollback",
                AT,
                Duration.ofMillis(2345),
                List.of(
                        CheckOutcome.passed(
                                "git.branch", "git", "On the baseline branch", "main", "main", Duration.ofMillis(12)),
                        CheckOutcome.failed(
                                "git.clean",
                                "git",
                                "No uncommitted changes",
                                "a clean working tree",
                                "2 files changed: docker-compose.yml, .env",
                                "commit or stash the changes, then validate again",
                                Duration.ofMillis(40)),
                        CheckOutcome.skipped(
                                "vault.unsealed", "vault", "Vault is unsealed and answering", "vault is not running"),
                        CheckOutcome.passed(
                                "services.healthy",
                                "services",
                                "Every service running and healthy",
                                "12 healthy",
                                "12 healthy",
                                Duration.ofMillis(1500))),
                List.of(
                        new ResourceSample("postgres", 200L * 1024 * 1024, 190L * 1024 * 1024, 2.5, 1.5),
                        new ResourceSample("vault", 64L * 1024 * 1024, -1, 0.4, -1)));
    }

    /** One failed check whose every field is hostile markup. */
    static ValidationReport hostile() {
        return ValidationReport.of(
                "service " + HOSTILE,
                AT,
                Duration.ofMillis(5),
                List.of(
                        CheckOutcome.failed(
                                "http." + HOSTILE,
                                "http" + HOSTILE,
                                "Title " + HOSTILE,
                                "expected " + HOSTILE,
                                "found " + HOSTILE,
                                "todo " + HOSTILE,
                                Duration.ofMillis(1)),
                        CheckOutcome.skipped("logs.x", "logs", "Logs", "reason " + HOSTILE)));
    }
}
