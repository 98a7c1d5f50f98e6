package dev.rollback.validation.parse;

import java.util.List;
import java.util.regex.Pattern;

/** Console output made readable: ANSI colour codes removed, lines split on any line ending. */
final class ConsoleText {
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;?]*[ -/]*[@-~]");
    private static final Pattern LINE_END = Pattern.compile("\\R");

    private ConsoleText() {}

    /** {@code text} without ANSI escape sequences and with a byte-order mark dropped. */
    static String clean(String text) {
        String t = text.startsWith("\uFEFF") ? text.substring(1) : text;
        return t.indexOf('\u001B') < 0 ? t : ANSI.matcher(t).replaceAll("");
    }

    /** The lines of {@code text}; {@code \r\n}, {@code \n} and {@code \r} all end a line. */
    static List<String> lines(String text) {
        return List.of(LINE_END.split(text, -1));
    }
}
