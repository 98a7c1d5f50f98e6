package dev.rollback.env;

import dev.rollback.errors.EnvironmentException;
import dev.rollback.errors.UsageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@code .env} file as an editable document: comments, order, blank lines and quoting are kept byte for byte
 * where untouched.
 *
 * <p>{@code EnvFile env = EnvFile.load(home.resolve(".env")); env.set("MYSQL_ENABLE_TLS", "false"); env.save();}
 *
 * <p>Values are read as docker compose reads them: {@code KEY=value}, {@code export KEY=value},
 * {@code KEY="double \"quoted\" with \n escapes"}, {@code KEY='single literal'}, {@code KEY=value # comment},
 * {@code KEY=}. Line breaks (LF or CRLF) and a missing final newline are kept. An instance is a mutable document
 * and is not thread-safe.
 */
public final class EnvFile {
    private static final char BOM = '\uFEFF';

    private final Path path;
    private final boolean bom;
    private List<EnvEntry> entries;
    private boolean modified;

    private EnvFile(Path path, boolean bom, List<EnvEntry> entries) {
        this.path = path;
        this.bom = bom;
        this.entries = entries;
    }

    /** Reads and parses a file; {@link dev.rollback.errors.EnvironmentException} naming the line on malformed input. */
    public static EnvFile load(Path file) {
        Objects.requireNonNull(file, "file");
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new EnvironmentException(file, "no such file; create it (for DevStack Core: cp .env.example .env)");
        } catch (IOException e) {
            throw new EnvironmentException(file, "cannot read: " + e.getMessage(), e);
        }
        try {
            String text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
            return parse(text, file);
        } catch (CharacterCodingException e) {
            throw new EnvironmentException(file, "not valid UTF-8 text", e);
        }
    }

    /** Parses text; {@code origin} names it in errors and is where {@link #save()} writes. */
    public static EnvFile parse(String text, Path origin) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(origin, "origin");
        boolean bom = !text.isEmpty() && text.charAt(0) == BOM;
        String body = bom ? text.substring(1) : text;
        return new EnvFile(origin, bom, new ArrayList<>(EnvParser.parse(body, origin)));
    }

    public Path path() {
        return path;
    }

    /** The unquoted, unescaped value, if the key is set. */
    public Optional<String> get(String key) {
        return Optional.ofNullable(last(key)).map(i -> entries.get(i).value());
    }

    /** Every key with its value, in file order (the last assignment wins for repeated keys). */
    public Map<String, String> values() {
        Map<String, String> values = new LinkedHashMap<>();
        for (EnvEntry e : entries) {
            if (e.isAssignment()) {
                values.put(e.key(), e.value());
            }
        }
        return Collections.unmodifiableMap(values);
    }

    /**
     * Sets a value in place (keeping the line's quoting style), or appends the key at the end.
     *
     * <p>A value with whitespace, {@code #}, quotes, {@code $} or a backslash is written in double quotes with
     * escapes; the last of repeated assignments is the one changed.
     *
     * @throws UsageException when {@code key} is not a valid {@code .env} key
     */
    public EnvFile set(String key, String value) {
        requireKey(key);
        Objects.requireNonNull(value, "value");
        Integer index = last(key);
        if (index != null) {
            EnvEntry entry = entries.get(index);
            if (!entry.value().equals(value)) {
                entries.set(index, entry.withValue(value));
                modified = true;
            }
            return this;
        }
        String lineBreak = dominantLineBreak();
        if (!entries.isEmpty()) {
            int lastIndex = entries.size() - 1;
            entries.set(lastIndex, entries.get(lastIndex).withLineBreak(lineBreak));
        }
        entries.add(EnvEntry.assignment(key + "=", EnvEntry.UNQUOTED, "", "", "", lineBreak)
                .withValue(value));
        modified = true;
        return this;
    }

    /** Removes the key's line(s); no-op when absent. */
    public EnvFile unset(String key) {
        requireKey(key);
        if (entries.removeIf(e -> e.isAssignment() && e.key().equals(key))) {
            modified = true;
        }
        return this;
    }

    /** Whether any set/unset changed the document since it was loaded or saved. */
    public boolean isModified() {
        return modified;
    }

    /** The document as text, byte-identical to the input where untouched. */
    public String render() {
        StringBuilder out = new StringBuilder();
        if (bom) {
            out.append(BOM);
        }
        entries.forEach(e -> out.append(e.text()));
        return out.toString();
    }

    /**
     * Changes that turn this file into {@code other}, by key: removed and changed keys in this file's order, then
     * added keys in {@code other}'s order.
     */
    public List<EnvChange> diff(EnvFile other) {
        Map<String, String> mine = values();
        Map<String, String> theirs = other.values();
        List<EnvChange> changes = new ArrayList<>();
        mine.forEach((key, value) -> {
            if (!theirs.containsKey(key)) {
                changes.add(new EnvChange(key, EnvChange.Kind.REMOVED, value, null));
            } else if (!theirs.get(key).equals(value)) {
                changes.add(new EnvChange(key, EnvChange.Kind.CHANGED, value, theirs.get(key)));
            }
        });
        theirs.forEach((key, value) -> {
            if (!mine.containsKey(key)) {
                changes.add(new EnvChange(key, EnvChange.Kind.ADDED, null, value));
            }
        });
        return List.copyOf(changes);
    }

    /**
     * Writes atomically to {@link #path()}, first keeping the old file as {@code .env.rollback-YYYYMMDD_HHMMSS}
     * beside it (same mode). Returns that copy, or empty when there was no old file.
     */
    public Optional<Path> save() {
        return save(Clock.systemDefaultZone());
    }

    /** {@link #save()} with the clock that names the copy. */
    Optional<Path> save(Clock clock) {
        Optional<Path> copy;
        try {
            copy = Files.exists(path) ? Optional.of(AtomicFiles.backupCopy(path, clock)) : Optional.empty();
        } catch (IOException e) {
            throw new EnvironmentException(
                    path, "cannot keep a copy before writing; nothing was changed: " + e.getMessage(), e);
        }
        saveTo(path);
        modified = false;
        return copy;
    }

    /** Writes atomically to {@code target} with no backup copy; keeps the target's mode if it exists. */
    public void saveTo(Path target) {
        Objects.requireNonNull(target, "target");
        try {
            AtomicFiles.write(target, render().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new EnvironmentException(target, "cannot write: " + e.getMessage(), e);
        }
        if (target.equals(path)) {
            modified = false;
        }
    }

    @Override
    public String toString() {
        return "EnvFile[" + path + ", " + values().size() + " keys" + (modified ? ", modified" : "") + "]";
    }

    private Integer last(String key) {
        for (int i = entries.size() - 1; i >= 0; i--) {
            EnvEntry e = entries.get(i);
            if (e.isAssignment() && e.key().equals(key)) {
                return i;
            }
        }
        return null;
    }

    private String dominantLineBreak() {
        for (EnvEntry e : entries) {
            if (!e.eol().isEmpty()) {
                return e.eol();
            }
        }
        return "\n";
    }

    private static void requireKey(String key) {
        if (key == null || !EnvQuoting.KEY.matcher(key).matches()) {
            throw new UsageException("'" + key + "' is not a valid .env key; use letters, digits, '_', '.' and '-',"
                    + " not starting with a digit");
        }
    }
}
