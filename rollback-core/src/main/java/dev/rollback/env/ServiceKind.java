package dev.rollback.env;

import java.time.Duration;

/**
 * What a service is, which decides its adapter, its health semantics and its expected start-up time.
 *
 * <p>{@code ServiceKind.MYSQL.expectedStartup() // 60 s: InnoDB is slow, the runbook says so}
 */
public enum ServiceKind {
    VAULT(Duration.ofSeconds(5)),
    POSTGRES(Duration.ofSeconds(6)),
    PGBOUNCER(Duration.ofSeconds(3)),
    MYSQL(Duration.ofSeconds(60)),
    MONGODB(Duration.ofSeconds(1)),
    REDIS(Duration.ofSeconds(2)),
    RABBITMQ(Duration.ofSeconds(15)),
    FORGEJO(Duration.ofSeconds(10)),
    HTTP_API(Duration.ofSeconds(5)),
    OBSERVABILITY(Duration.ofSeconds(10)),
    OTHER(Duration.ofSeconds(10));

    private final Duration expectedStartup;

    ServiceKind(Duration expectedStartup) {
        this.expectedStartup = expectedStartup;
    }

    /** Typical time from start to healthy, from the runbook's measurements where it has them. */
    public Duration expectedStartup() {
        return expectedStartup;
    }
}
