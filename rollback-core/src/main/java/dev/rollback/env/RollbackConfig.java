package dev.rollback.env;

import java.util.Map;
import java.util.Optional;

/**
 * The optional {@code rollback.yaml} of an environment, with DevStack Core's conventions as defaults.
 *
 * <p>{@code env.config().baselineCommit().orElse("HEAD")}
 */
public final class RollbackConfig {
    // CONTRACT STUB: implemented by the env-package work.

    /** Commit a full rollback resets to ({@code baseline_commit}). */
    public Optional<String> baselineCommit() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Commit init scripts and phase files are restored from ({@code reference_commit}). */
    public Optional<String> referenceCommit() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Branch a full rollback checks out ({@code branch}, default {@code main}). */
    public String branch() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Phases by id, in file order; the seed's four phases when the file names none. */
    public Map<String, Phase> phases() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Per-service overrides by service name. */
    public Map<String, ServiceOverride> services() {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
