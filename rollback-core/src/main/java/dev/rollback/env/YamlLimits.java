package dev.rollback.env;

import dev.rollback.errors.EnvironmentException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.LoadSettingsBuilder;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * The bounds every YAML file the tool reads is loaded within (compose files, {@code rollback.yaml}, the security
 * override), so that a small file of nested aliases (a "billion laughs" file) or a huge one fails at once with an
 * error naming the file instead of running for minutes and dying out of memory.
 *
 * <p>{@code Object doc = YamlLimits.load(file);}
 */
public final class YamlLimits {
    /** The largest YAML file read, in bytes (and code points): a compose file of DevStack Core is some 30 KB. */
    public static final int MAX_SIZE = 3 * 1024 * 1024;
    /** The most aliases of mappings or lists ({@code *anchor}, {@code <<: *anchor}) in one document. */
    public static final int MAX_ALIASES = 1_000;
    /** The most values a compose file may hold once its aliases and merges are expanded. */
    public static final int MAX_EXPANDED_VALUES = 250_000;

    private YamlLimits() {}

    /**
     * The file's one document as plain maps, lists and scalars, within the bounds.
     *
     * @throws EnvironmentException naming the file when it is missing, too large, not YAML or beyond the bounds
     */
    public static Object load(Path file) {
        return load(file, read(file));
    }

    /** As {@link #load(Path)}, the file's text given (errors still name {@code file}). */
    static Object load(Path file, String text) {
        try {
            return new Load(settings(file).build()).loadFromString(text);
        } catch (YamlEngineException e) {
            throw loadError(file, e);
        }
    }

    /** Load settings with the size and alias bounds, labelled with the file's name, duplicate keys refused. */
    static LoadSettingsBuilder settings(Path file) {
        return LoadSettings.builder()
                .setLabel(String.valueOf(file.getFileName()))
                .setAllowDuplicateKeys(false)
                .setAllowRecursiveKeys(false)
                .setMaxAliasesForCollections(MAX_ALIASES)
                .setCodePointLimit(MAX_SIZE);
    }

    /**
     * The file's text, refused before reading when larger than {@link #MAX_SIZE}.
     *
     * @throws EnvironmentException naming the file when it is missing, unreadable or too large
     */
    public static String read(Path file) {
        try {
            long size = Files.size(file);
            if (size > MAX_SIZE) {
                throw new EnvironmentException(
                        file,
                        "not loaded: " + size + " bytes, more than the "
                                + MAX_SIZE / (1024 * 1024) + " MiB a YAML file of the environment may have; "
                                + "check that it is the right file");
            }
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new EnvironmentException(file, "no such file");
        } catch (IOException e) {
            throw new EnvironmentException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * The error for a document the loader refused: beyond the bounds (what was found and what to do, instead of the
     * loader's words), or not valid YAML (with its line).
     */
    static EnvironmentException loadError(Path file, YamlEngineException e) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("Number of aliases")) {
            return tooManyAliases(file, "more than " + MAX_ALIASES + " aliases of mappings or lists");
        }
        if (m.contains("exceeds the limit")) {
            return new EnvironmentException(
                    file, "not loaded: more than " + MAX_SIZE + " characters; check that it is the right file");
        }
        if (e instanceof MarkedYamlEngineException marked) {
            int line = marked.getProblemMark().map(mark -> mark.getLine() + 1).orElse(0);
            return new EnvironmentException(file, line, "not valid YAML: " + marked.getProblem());
        }
        return new EnvironmentException(file, "not valid YAML: " + m, e);
    }

    /** The error for a document whose aliases go beyond the bounds: {@code found} says how. */
    static EnvironmentException tooManyAliases(Path file, String found) {
        return new EnvironmentException(
                file,
                "not loaded: " + found + " (nested aliases, a \"billion laughs\" "
                        + "file?); write the values out or use fewer nested *aliases");
    }

    /**
     * Counts the values of one document as its aliases and merges are expanded.
     *
     * <p>{@code Budget budget = new Budget(); ... budget.spend(); // throws past MAX_EXPANDED_VALUES}
     */
    static final class Budget {
        private int left = MAX_EXPANDED_VALUES;

        /** Counts one value; throws {@link Exceeded} once there are more than {@link #MAX_EXPANDED_VALUES}. */
        void spend() {
            if (--left < 0) {
                throw new Exceeded();
            }
        }

        /** The document expands to more than {@link #MAX_EXPANDED_VALUES} values. */
        static final class Exceeded extends RuntimeException {
            private static final long serialVersionUID = 1L;

            Exceeded() {
                super("more than " + MAX_EXPANDED_VALUES + " values once its aliases are expanded", null, false, false);
            }
        }
    }
}
