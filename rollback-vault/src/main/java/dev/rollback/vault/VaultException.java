package dev.rollback.vault;

import dev.rollback.errors.RollbackException;
import java.util.OptionalInt;

/**
 * Vault refused or could not answer a call. The message names the path, what Vault said and what to do; it never
 * contains a token, key or secret value.
 *
 * <p>{@code catch (VaultException e) { if (e.status().orElse(0) == 403) askForAnotherToken(); }}
 */
public class VaultException extends RollbackException {
    private static final long serialVersionUID = 1L;
    private final String path;
    private final int status;

    public VaultException(String path, int status, String message) {
        super(message);
        this.path = path;
        this.status = status;
    }

    public VaultException(String path, String message, Throwable cause) {
        super(message, cause);
        this.path = path;
        this.status = 0;
    }

    /** The Vault path the call concerned ({@code secret/mysql}, {@code sys/unseal}). */
    public String path() {
        return path;
    }

    /** The HTTP status Vault answered with; empty when it did not answer. */
    public OptionalInt status() {
        return status == 0 ? OptionalInt.empty() : OptionalInt.of(status);
    }
}
