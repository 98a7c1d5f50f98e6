package dev.rollback.spi;

import java.util.List;
import java.util.Objects;

/**
 * A check of a service's live state that a module knowing its engine offers to validations (the Redis cluster's
 * {@code cluster_state:ok} with every slot served; a database accepting the environment's login). The validation
 * runs it beside its own, skips it while its services are stopped or Vault is sealed, and reports it like its own.
 *
 * <p>{@code new LiveCheck("db.redis-1.cluster", "Redis cluster ok", List.of("redis-1"), "...", ctx -> problems)}
 *
 * @param id the check's stable id, {@code db.<service>.<what>}
 * @param title what must hold, in the runbook's words
 * @param services the services it reads; it is skipped when one of them is not running
 * @param todo what to do when it fails
 * @param body what it does: the problems it finds, none when the state holds
 */
public record LiveCheck(String id, String title, List<String> services, String todo, Body body) {
    public LiveCheck {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        services = List.copyOf(services);
        todo = todo == null ? "" : todo;
        Objects.requireNonNull(body, "body");
    }

    /** The work of a live check. */
    @FunctionalInterface
    public interface Body {
        /** What was found, with the problems (by part and count, never a secret); none when the state holds. */
        Result check(BackupContext ctx) throws Exception;
    }

    /**
     * What a live check found: a line for the report and the problems, none when the state holds.
     *
     * @param found what was found, for the report ({@code 3 nodes, cluster_state:ok, 16384 slots})
     * @param problems what does not hold
     */
    public record Result(String found, List<String> problems) {
        public Result {
            found = found == null ? "" : found;
            problems = List.copyOf(problems);
        }

        public static Result holds(String found) {
            return new Result(found, List.of());
        }
    }
}
