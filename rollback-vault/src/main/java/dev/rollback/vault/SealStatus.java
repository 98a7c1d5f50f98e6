package dev.rollback.vault;

/**
 * Vault's {@code sys/seal-status}: whether it is initialized and sealed, and the unseal progress.
 *
 * <p>{@code SealStatus s = client.status(); if (s.sealed()) client.unseal(KeyFile.load(keyDir));}
 *
 * @param initialized whether {@code sys/init} has run
 * @param sealed whether Vault is sealed
 * @param threshold key shares needed to unseal ({@code t})
 * @param shares key shares issued ({@code n})
 * @param progress key shares entered so far
 * @param version Vault's version, "" when not given
 */
public record SealStatus(boolean initialized, boolean sealed, int threshold, int shares, int progress, String version) {

    /** One line for people: {@code sealed, 1 of 3 keys entered}. */
    public String describe() {
        if (!initialized) {
            return "not initialized";
        }
        return sealed ? "sealed, " + progress + " of " + threshold + " keys entered" : "unsealed";
    }
}
