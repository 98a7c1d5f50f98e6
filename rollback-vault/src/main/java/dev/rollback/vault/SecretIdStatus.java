package dev.rollback.vault;

import dev.rollback.errors.RollbackException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * How soon an AppRole's secret-id (in the key directory's {@code approles/<role>/secret-id}) stops working: DevStack
 * Core issues them with a 30-day {@code secret_id_ttl}, and a service on AppRole cannot log in (so cannot start)
 * once it is gone. Holds no secret-id.
 *
 * <p>{@code SecretIdStatus.check(client, SecretIdStatus.rolesIn(keyDir), Duration.ofDays(7), Instant.now())}
 *
 * @param role the AppRole
 * @param state what the lookup found
 * @param expires when the secret-id expires; empty when it never does or it could not be looked up
 * @param daysLeft whole days until then (negative once expired); empty as {@code expires}
 * @param message one line for people, with the fix when something is wrong
 */
public record SecretIdStatus(
        String role, State state, Optional<Instant> expires, Optional<Long> daysLeft, String message) {

    /** What the lookup found. */
    public enum State {
        /** Valid for longer than the margin. */
        OK,
        /** Valid, no expiry. */
        NEVER_EXPIRES,
        /** Valid, but expires within the margin. */
        EXPIRING,
        /** Expired: logins fail. */
        EXPIRED,
        /** Not usable: unknown to Vault (expired and tidied, or revoked), wrong role-id, files missing. */
        ERROR,
        /** Not looked up: no token, the token may not, or Vault did not answer. */
        UNCHECKED
    }

    /** Whether it needs attention (expiring, expired, or not usable). */
    public boolean needsAttention() {
        return state != State.OK && state != State.NEVER_EXPIRES;
    }

    /** The roles of a key directory: {@code approles/<role>/} holding {@code role-id} and {@code secret-id}, sorted. */
    public static List<String> rolesIn(Path keyDir) {
        Path dir = keyDir.resolve("approles");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p ->
                            Files.isRegularFile(p.resolve("role-id")) && Files.isRegularFile(p.resolve("secret-id")))
                    .map(p -> p.getFileName().toString())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new RollbackException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Looks up each role's secret-id; a role that cannot be looked up is an {@link State#ERROR} naming why. */
    public static List<SecretIdStatus> check(VaultClient client, List<String> roles, Duration margin, Instant now) {
        List<SecretIdStatus> out = new ArrayList<>();
        for (String role : roles) {
            out.add(of(client, role, margin, now));
        }
        return out;
    }

    static SecretIdStatus of(VaultClient client, String role, Duration margin, Instant now) {
        SecretIdInfo info;
        try {
            info = client.appRole(role);
        } catch (VaultException e) {
            boolean unchecked = e.status().orElse(0) == 403 || e.path().isEmpty() || e.getCause() != null;
            return new SecretIdStatus(
                    role,
                    unchecked ? State.UNCHECKED : State.ERROR,
                    Optional.empty(),
                    Optional.empty(),
                    "AppRole " + role + ": " + e.getMessage());
        } catch (RollbackException e) {
            return new SecretIdStatus(
                    role, State.ERROR, Optional.empty(), Optional.empty(), "AppRole " + role + ": " + e.getMessage());
        }
        if (info.expires().isEmpty()) {
            return new SecretIdStatus(
                    role,
                    State.NEVER_EXPIRES,
                    Optional.empty(),
                    Optional.empty(),
                    "secret-id of " + role + " never expires");
        }
        Instant at = info.expires().get().truncatedTo(ChronoUnit.SECONDS);
        Duration left = Duration.between(now, at);
        long days = Math.floorDiv(left.toSeconds(), 86_400);
        String fix = "; renew it: vault write -f auth/approle/role/" + role + "/secret-id, then put the new "
                + "secret_id into "
                + client.settings().keyDir().resolve("approles").resolve(role).resolve("secret-id")
                + " (mode 600) and recreate the services using it";
        if (left.isNegative() || left.isZero()) {
            return new SecretIdStatus(
                    role,
                    State.EXPIRED,
                    Optional.of(at),
                    Optional.of(days),
                    "secret-id of " + role + " EXPIRED at " + at + ": services on AppRole " + role + " cannot log in"
                            + fix);
        }
        if (left.compareTo(margin) <= 0) {
            return new SecretIdStatus(
                    role,
                    State.EXPIRING,
                    Optional.of(at),
                    Optional.of(days),
                    "secret-id of " + role
                            + " expires at " + at + ", in " + describe(left) + " (less than " + margin.toDays()
                            + " days)"
                            + fix);
        }
        return new SecretIdStatus(
                role,
                State.OK,
                Optional.of(at),
                Optional.of(days),
                "secret-id of " + role + " expires at " + at + " (in " + describe(left) + ")");
    }

    private static String describe(Duration left) {
        return left.toDays() > 0
                ? left.toDays() + " days"
                : left.toHours() > 0 ? left.toHours() + " hours" : Math.max(1, left.toMinutes()) + " minutes";
    }
}
