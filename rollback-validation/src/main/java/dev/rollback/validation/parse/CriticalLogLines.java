package dev.rollback.validation.parse;

import dev.rollback.env.ServiceKind;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Finds the critical lines of a service's log: the engine's own error levels, chosen by the service's {@link
 * ServiceKind} (see {@link EngineLogPatterns}), minus the lines an allow-list of regular expressions excuses (known
 * noise, the {@code rollback.yaml} allow-list). Keeps the first lines found up to a cap and counts the rest. Immutable:
 * {@link #allowing} and {@link #keeping} return new scanners.
 *
 * <p>{@code CriticalLogLines.forKind(ServiceKind.POSTGRES).allowing(List.of("starting up")).scan(log).lines()}
 */
public final class CriticalLogLines {
    /** How many critical lines a scan keeps unless told otherwise. */
    public static final int DEFAULT_KEEP = 50;
    /** Longer lines are cut to this many characters in a {@link CriticalLine} (they are matched whole). */
    public static final int MAX_LINE_CHARS = 500;

    private final List<Pattern> critical;
    private final List<Pattern> allowed;
    private final int keep;

    private CriticalLogLines(List<Pattern> critical, List<Pattern> allowed, int keep) {
        this.critical = critical;
        this.allowed = allowed;
        this.keep = keep;
    }

    /** A scanner for the log of a service of this kind. */
    public static CriticalLogLines forKind(ServiceKind kind) {
        if (kind == null) {
            throw new IllegalArgumentException("service kind is required");
        }
        return new CriticalLogLines(EngineLogPatterns.forKind(kind), List.of(), DEFAULT_KEEP);
    }

    /**
     * This scanner, also excusing lines any of these regular expressions finds (a partial match is enough).
     *
     * @throws IllegalArgumentException when an expression is not a valid regular expression
     */
    public CriticalLogLines allowing(List<String> regexes) {
        List<Pattern> all = new ArrayList<>(allowed);
        for (String regex : regexes) {
            try {
                all.add(Pattern.compile(regex));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException(
                        "log allow-list entry is not a valid regular expression: " + regex + " (" + e.getDescription()
                                + ")",
                        e);
            }
        }
        return new CriticalLogLines(critical, List.copyOf(all), keep);
    }

    /** This scanner, keeping at most {@code max} critical lines (counting all of them). */
    public CriticalLogLines keeping(int max) {
        if (max < 0) {
            throw new IllegalArgumentException("cannot keep a negative number of lines: " + max);
        }
        return new CriticalLogLines(critical, allowed, max);
    }

    /** Scans a log held in memory. */
    public LogScan scan(String log) {
        return scan(new StringReader(log == null ? "" : log));
    }

    /** Scans a log as it is read; {@code \n}, {@code \r\n} and {@code \r} all end a line. */
    public LogScan scan(Reader log) {
        List<CriticalLine> kept = new ArrayList<>();
        int found = 0;
        int number = 0;
        try (BufferedReader in = new BufferedReader(log)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                number++;
                if (isCritical(line)) {
                    found++;
                    if (kept.size() < keep) {
                        kept.add(new CriticalLine(number, cut(line)));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the service log", e);
        }
        return new LogScan(kept, found, number);
    }

    /** Whether this one line is critical and not excused. */
    public boolean isCritical(String line) {
        String l = ConsoleText.clean(line);
        boolean hit = false;
        for (Pattern p : critical) {
            if (p.matcher(l).find()) {
                hit = true;
                break;
            }
        }
        if (!hit) {
            return false;
        }
        for (Pattern p : allowed) {
            if (p.matcher(l).find()) {
                return false;
            }
        }
        return true;
    }

    private static String cut(String line) {
        String l = ConsoleText.clean(line);
        return l.length() <= MAX_LINE_CHARS ? l : l.substring(0, MAX_LINE_CHARS) + "…";
    }
}
