package dev.rollback.spi;

import java.util.Objects;

/**
 * What an environment's secret store says of itself without a login (Vault's {@code sys/seal-status}): whether it
 * answers, is initialised and is unsealed. What a validation's Vault checks read; a sealed Vault still answers.
 *
 * <p>{@code SecretStores.status(env, timeout).filter(SecretStoreStatus::sealed).isPresent()}
 *
 * @param address where it was asked, for messages ({@code http://localhost:8200})
 * @param answering whether it answered within the timeout
 * @param initialized whether it has been initialised (false when it did not answer)
 * @param sealed whether it is sealed (true when it did not answer)
 * @param detail one line for people: {@code unsealed}, {@code sealed, 1 of 3 keys entered}, or why it did not answer
 */
public record SecretStoreStatus(String address, boolean answering, boolean initialized, boolean sealed, String detail) {
    public SecretStoreStatus {
        Objects.requireNonNull(address, "address");
        detail = detail == null ? "" : detail;
    }

    /** A store that did not answer: {@code SecretStoreStatus.silent("http://localhost:8200", "connection refused")}. */
    public static SecretStoreStatus silent(String address, String why) {
        return new SecretStoreStatus(address, false, false, true, why);
    }

    /** Answering, initialised and unsealed. */
    public boolean usable() {
        return answering && initialized && !sealed;
    }
}
