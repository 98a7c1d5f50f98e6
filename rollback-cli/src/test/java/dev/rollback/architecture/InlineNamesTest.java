package dev.rollback.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No fully qualified class name inline in any module's sources: a type is imported and named by its simple name,
 * unless that simple name is already taken in the file (imported from elsewhere, declared there, or a sibling in
 * the same package). {@code scripts/tidy.sh} shortens them and formats the code; this test is the check that keeps
 * them out.
 */
class InlineNamesTest {
    private static final Pattern QUALIFIED = Pattern.compile(
            "(?<![\\w.])((?:java|javax|jdk|com|org|io|dev|picocli|net)\\.(?:[a-z][a-z0-9_]*\\.)*)([A-Z]\\w*)");
    private static final Pattern IMPORT =
            Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+)\\s*;", Pattern.MULTILINE);
    private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
    private static final Pattern DECLARED = Pattern.compile("\\b(?:class|interface|enum|record)\\s+([A-Z]\\w*)");

    @Test
    void everyModuleNamesTypesByTheirSimpleName() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        List<String> found = new ArrayList<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path module : modules.filter(m -> m.getFileName().toString().startsWith("rollback-"))
                    .toList()) {
                for (String set : List.of("main", "test")) {
                    Path sources = module.resolve("src").resolve(set).resolve("java");
                    if (Files.isDirectory(sources)) {
                        try (Stream<Path> files = Files.walk(sources)) {
                            files.filter(f -> f.toString().endsWith(".java"))
                                    .forEach(f -> found.addAll(inlineNames(root, f)));
                        }
                    }
                }
            }
        }
        assertThat(found)
                .as("fully qualified names inline (run scripts/tidy.sh)")
                .isEmpty();
    }

    @Test
    void aQualifiedNameIsFoundOutsideCommentsAndStringsAndAllowedOnlyWhereTheSimpleNameIsTaken() throws IOException {
        Path dir = Files.createTempDirectory("inline-names");
        Path file = dir.resolve("Planted.java");
        Files.writeString(file, """
                package dev.planted;

                import java.util.List;

                /** Names java.time.Duration in a comment only. */
                class Planted {
                    String s = "java.util.Optional in a string";
                    java.time.Duration d; // java.time.Instant in a comment
                    java.awt.List taken;
                    java.util.List<String> imported;
                    dev.planted.Other samePackage;
                    List<String> fine;
                }
                """);
        assertThat(inlineNames(dir, file))
                .containsExactly(
                        "Planted.java:8 java.time.Duration",
                        "Planted.java:10 java.util.List",
                        "Planted.java:11 dev.planted.Other");
    }

    /** Each inline qualified name of {@code file} as {@code path:line name}. */
    static List<String> inlineNames(Path root, Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // a simple name taken by another type than the qualified one: imported from elsewhere, declared in the
        // file, or a sibling in the same package
        Map<String, String> imported = new HashMap<>();
        Matcher imports = IMPORT.matcher(text);
        while (imports.find()) {
            String name = imports.group(1);
            imported.put(name.substring(name.lastIndexOf('.') + 1), name);
        }
        String code = withoutCommentsAndStrings(text);
        Set<String> declared = new HashSet<>();
        Matcher declaration = DECLARED.matcher(code);
        while (declaration.find()) {
            declared.add(declaration.group(1));
        }
        Matcher pkg = PACKAGE.matcher(code);
        String ownPackage = pkg.find() ? pkg.group(1) + "." : "";
        String[] lines = code.split("\n", -1);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.startsWith("import ") || line.startsWith("package ")) {
                continue;
            }
            Matcher m = QUALIFIED.matcher(lines[i]);
            while (m.find()) {
                String qualifier = m.group(1);
                String simple = m.group(2);
                String importedAs = imported.get(simple);
                boolean elsewhere = !qualifier.equals(ownPackage);
                boolean taken = (importedAs != null && !importedAs.equals(qualifier + simple))
                        || (elsewhere && declared.contains(simple))
                        || (elsewhere && Files.exists(file.resolveSibling(simple + ".java")));
                if (!taken) {
                    out.add(root.relativize(file) + ":" + (i + 1) + " " + qualifier + simple);
                }
            }
        }
        return out;
    }

    /** The source with comments, string, text-block and char literals blanked out, line breaks kept. */
    static String withoutCommentsAndStrings(String s) {
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            int end;
            if (s.startsWith("//", i)) {
                end = s.indexOf('\n', i);
                end = end < 0 ? s.length() : end;
            } else if (s.startsWith("/*", i)) {
                end = s.indexOf("*/", i + 2);
                end = end < 0 ? s.length() : end + 2;
            } else if (s.startsWith("\"\"\"", i)) {
                end = s.indexOf("\"\"\"", i + 3);
                end = end < 0 ? s.length() : end + 3;
            } else if (s.charAt(i) == '"' || s.charAt(i) == '\'') {
                char quote = s.charAt(i);
                end = i + 1;
                while (end < s.length() && s.charAt(end) != quote && s.charAt(end) != '\n') {
                    end += s.charAt(end) == '\\' ? 2 : 1;
                }
                end = Math.min(end + 1, s.length());
            } else {
                out.append(s.charAt(i++));
                continue;
            }
            for (int k = i; k < end; k++) {
                out.append(s.charAt(k) == '\n' ? '\n' : ' ');
            }
            i = end;
        }
        return out.toString();
    }
}
