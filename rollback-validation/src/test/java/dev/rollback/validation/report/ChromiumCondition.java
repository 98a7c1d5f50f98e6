package dev.rollback.validation.report;

import dev.rollback.testing.ComponentCondition;
import dev.rollback.testing.ComponentUnreachableError;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The condition behind {@link RequiresChromium}: enabled when {@code chromium} is on the PATH; otherwise disabled
 * with the reason, or failed when components are required ({@code CI=true} or
 * {@code -Drollback.requireComponents=true}, as {@link ComponentCondition}).
 *
 * <p>{@code Path chromium = ChromiumCondition.chromium().orElseThrow();}
 */
public final class ChromiumCondition implements ExecutionCondition {
    static final String MISSING = "chromium is required but not installed; run scripts/setup-test-env.sh";

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return evaluate(
                chromium().isPresent(),
                "true".equalsIgnoreCase(System.getenv("CI"))
                        || "true".equalsIgnoreCase(System.getProperty(ComponentCondition.REQUIRE_PROPERTY)));
    }

    /** Enabled when installed; otherwise disabled, or {@link ComponentUnreachableError} when {@code required}. */
    static ConditionEvaluationResult evaluate(boolean installed, boolean required) {
        if (installed) {
            return ConditionEvaluationResult.enabled("chromium is installed");
        }
        if (required) {
            throw new ComponentUnreachableError(MISSING);
        }
        return ConditionEvaluationResult.disabled(MISSING);
    }

    /** The {@code chromium} executable on the PATH, if any. */
    static Optional<Path> chromium() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, "chromium");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
