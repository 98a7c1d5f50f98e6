package dev.rollback.plan;

import dev.rollback.events.Scope;

/**
 * Incident severity, mapped to a rollback scope as the runbook's decision table does.
 *
 * <p>{@code Severity.CRITICAL.scope() == Scope.FULL}
 */
public enum Severity {
    /** All services failing. */
    CRITICAL(Scope.FULL),
    /** A phase's changes causing issues. */
    HIGH(Scope.PHASE),
    /** A single service's issues. */
    MEDIUM(Scope.SERVICE),
    /** Configuration tweaks. */
    LOW(Scope.CONFIG);

    private final Scope scope;

    Severity(Scope scope) {
        this.scope = scope;
    }

    public Scope scope() {
        return scope;
    }
}
