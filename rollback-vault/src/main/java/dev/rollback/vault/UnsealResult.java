package dev.rollback.vault;

/**
 * What an unseal did: how many keys it submitted and the state after.
 *
 * <p>{@code UnsealResult r = client.unseal(keys); System.out.println(r.describe());}
 *
 * @param wasSealed whether Vault was sealed before
 * @param keysSubmitted key shares submitted (never the keys themselves)
 * @param after the seal status after the last key
 */
public record UnsealResult(boolean wasSealed, int keysSubmitted, SealStatus after) {

    public boolean unsealed() {
        return !after.sealed();
    }

    public String describe() {
        if (!wasSealed) {
            return "Vault was already unsealed; no key submitted";
        }
        return (unsealed() ? "unsealed" : "still sealed") + " after " + keysSubmitted + " of " + after.threshold()
                + " keys";
    }
}
