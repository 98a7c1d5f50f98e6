package dev.rollback.vault;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;

/** Reads AppRole answers; package-private helpers of {@link VaultClient}. */
final class AppRoles {
    private AppRoles() {}

    /** {@code auth/approle/role/<role>/secret-id/lookup}'s {@code data}, without the secret-id. */
    static SecretIdInfo secretIdInfo(String role, JsonNode data) {
        Instant created = time(data.path("creation_time").asText("")).orElse(Instant.EPOCH);
        Optional<Instant> expires = time(data.path("expiration_time").asText(""))
                .filter(t -> t.isAfter(Instant.parse("0001-01-02T00:00:00Z")));
        Duration ttl = Duration.ofSeconds(data.path("secret_id_ttl").asLong(0));
        if (expires.isEmpty() && !ttl.isZero()) {
            expires = Optional.of(created.plus(ttl));
        }
        return new SecretIdInfo(
                role, created, expires, ttl, data.path("secret_id_num_uses").asInt(0));
    }

    private static Optional<Instant> time(String text) {
        if (text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(text).toInstant());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
