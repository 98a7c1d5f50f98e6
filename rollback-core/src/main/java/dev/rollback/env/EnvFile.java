package dev.rollback.env;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code .env} file as an editable document: comments, order, blank lines and quoting are kept byte for byte
 * where untouched.
 *
 * <p>{@code EnvFile env = EnvFile.load(home.resolve(".env")); env.set("MYSQL_ENABLE_TLS", "false"); env.save();}
 */
public final class EnvFile {
    // CONTRACT STUB: implemented by the env-package work.

    /** Reads and parses a file; {@link dev.rollback.EnvironmentException} naming the line on malformed input. */
    public static EnvFile load(Path file) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Parses text; {@code origin} names it in errors and is where {@link #save()} writes. */
    public static EnvFile parse(String text, Path origin) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    public Path path() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** The unquoted, unescaped value, if the key is set. */
    public Optional<String> get(String key) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Every key with its value, in file order (the last assignment wins for repeated keys). */
    public Map<String, String> values() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Sets a value in place (keeping the line's quoting style), or appends the key at the end. */
    public EnvFile set(String key, String value) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Removes the key's line(s); no-op when absent. */
    public EnvFile unset(String key) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Whether any set/unset changed the document since it was loaded or saved. */
    public boolean isModified() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** The document as text, byte-identical to the input where untouched. */
    public String render() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Changes that turn this file into {@code other}, by key. */
    public List<EnvChange> diff(EnvFile other) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /**
     * Writes atomically to {@link #path()}, first keeping the old file as {@code .env.rollback-YYYYMMDD_HHMMSS}
     * beside it (same mode). Returns that copy, or empty when there was no old file.
     */
    public Optional<Path> save() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Writes atomically to {@code target} with no backup copy; keeps the target's mode if it exists. */
    public void saveTo(Path target) {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
