package dev.rollback.vault;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What Vault knows of an AppRole secret-id ({@code auth/approle/role/<role>/secret-id/lookup}); never the secret-id.
 *
 * <p>{@code if (info.expiresWithin(Duration.ofDays(7), Instant.now())) warn(info.describe(Instant.now()));}
 *
 * @param role the AppRole
 * @param created when the secret-id was issued
 * @param expires when it expires; empty when it never does
 * @param ttl its time to live ({@code secret_id_ttl}; DevStack Core issues 30 days)
 * @param usesLeft remaining logins, 0 for unlimited
 */
public record SecretIdInfo(String role, Instant created, Optional<Instant> expires, Duration ttl, int usesLeft) {
    /** How early {@link #expiresWithin} warns by default: a week before the 30-day secret-ids run out. */
    public static final Duration WARN_BEFORE = Duration.ofDays(7);

    /** Whether it expires within {@code margin} of {@code now} (or already has). */
    public boolean expiresWithin(Duration margin, Instant now) {
        return expires.map(e -> !e.isAfter(now.plus(margin))).orElse(false);
    }

    public String describe(Instant now) {
        if (expires.isEmpty()) {
            return "secret-id of " + role + " never expires";
        }
        Duration left = Duration.between(now, expires.get());
        if (left.isNegative() || left.isZero()) {
            return "secret-id of " + role + " EXPIRED at " + expires.get() + "; issue a new one: vault write -f "
                    + "auth/approle/role/" + role + "/secret-id";
        }
        return "secret-id of " + role + " expires at " + expires.get() + " (in " + left.toDays() + " days)";
    }
}
