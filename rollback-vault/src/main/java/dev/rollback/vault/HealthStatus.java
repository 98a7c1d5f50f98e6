package dev.rollback.vault;

/**
 * Vault's {@code sys/health}, read by its status code as Vault defines it: 200 active, 429 unsealed standby,
 * 472 disaster-recovery secondary, 473 performance standby, 501 not initialized, 503 sealed.
 *
 * <p>{@code if (client.health().state() == HealthStatus.State.SEALED) ...}
 *
 * @param code the HTTP status Vault answered with
 * @param initialized the body's {@code initialized}
 * @param sealed the body's {@code sealed}
 * @param standby the body's {@code standby}
 * @param version the body's {@code version}, "" when absent
 */
public record HealthStatus(int code, boolean initialized, boolean sealed, boolean standby, String version) {

    /** What the status code means. */
    public enum State {
        ACTIVE,
        STANDBY,
        DR_SECONDARY,
        PERFORMANCE_STANDBY,
        NOT_INITIALIZED,
        SEALED,
        UNKNOWN
    }

    public State state() {
        return switch (code) {
            case 200 -> State.ACTIVE;
            case 429 -> State.STANDBY;
            case 472 -> State.DR_SECONDARY;
            case 473 -> State.PERFORMANCE_STANDBY;
            case 501 -> State.NOT_INITIALIZED;
            case 503 -> State.SEALED;
            default -> State.UNKNOWN;
        };
    }

    /** Whether Vault serves requests: active, or a standby that forwards them. */
    public boolean serving() {
        State s = state();
        return s == State.ACTIVE || s == State.STANDBY || s == State.PERFORMANCE_STANDBY;
    }
}
