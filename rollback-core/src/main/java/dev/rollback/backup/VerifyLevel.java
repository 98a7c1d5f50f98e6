package dev.rollback.backup;

/**
 * How deeply a backup set is verified; each level includes the ones before it.
 *
 * <p>{@code set.verify(VerifyLevel.CHECKSUMS, VerifyOptions.defaults())}
 */
public enum VerifyLevel {
    /**
     * The manifest parses, its format version is known, its fields are in bounds, every listed file is present,
     * inside the set and not a link.
     */
    STRUCTURE,
    /** The set holds every artifact the environment's catalog expects; its key copy, keys.json and root-token. */
    COMPLETENESS,
    /** Every artifact's sha256 and size match the manifest. */
    CHECKSUMS,
    /** Every artifact decrypts and decompresses to its end, to the content fingerprint recorded. */
    DECRYPT,
    /** Artifacts restored into scratch places and their fingerprints compared (needs the engines). */
    RESTORE_DRILL
}
