package dev.rollback.spi;

import dev.rollback.env.Environment;
import java.util.List;

/**
 * Found with {@link java.util.ServiceLoader}: offers an environment's validations the live checks of the engines
 * this module knows.
 *
 * <p>{@code LiveChecks.of(env) // [db.postgres.connect, ..., db.redis-1.cluster]}
 */
public interface LiveCheckProvider {
    /** The checks this environment's services get; empty when it has none of this module's engines. */
    List<LiveCheck> checks(Environment env);
}
