package dev.rollback.cli;

import dev.rollback.validation.advisor.Assessment;
import dev.rollback.validation.advisor.TriggerReading;
import java.io.PrintWriter;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The advisor's assessment for people (a table of the runbook's triggers, then the severity and the command) and for
 * tools (one JSON object); and the one line {@code rollback watch} prints when the severity changes.
 *
 * <p>{@code AssessmentPrinter.print(assessment, out)}
 */
final class AssessmentPrinter {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private AssessmentPrinter() {}

    static void print(Assessment a, PrintWriter out) {
        out.println("The runbook's rollback triggers:");
        out.printf("  %-2s %-20s %-52s %s%n", "", "TRIGGER", "MEASURED", "FIRES WHEN");
        for (TriggerReading r : a.readings()) {
            out.printf(
                    "  %-2s %-20s %-52s %s%n",
                    r.fired() ? "✗" : r.measured() ? "✓" : "–", name(r), r.value(), r.threshold());
        }
        out.println();
        if (!a.actionNeeded()) {
            out.println("No action: " + a.reason() + ".");
            out.flush();
            return;
        }
        out.println("Severity: " + a.severityName() + " → "
                + a.scope().map(s -> s.name().toLowerCase(Locale.ROOT)).orElse("") + " rollback");
        if (!a.services().isEmpty()) {
            out.println("Services: " + String.join(", ", a.services()));
        }
        out.println("Why:      " + a.reason());
        out.println("Run:      " + a.command().orElse(""));
        if (!a.commandComplete()) {
            out.println("          (fill in the part in angle brackets)");
        }
        a.expected().ifPresent(e -> out.println("Expected: " + e.describe()));
        out.flush();
    }

    /** The one line of a severity change: {@code 12:03:07 MEDIUM service pgbouncer: rollback service pgbouncer}. */
    static String line(Assessment a) {
        String at = LocalTime.now(ZoneId.systemDefault()).format(CLOCK);
        if (!a.actionNeeded()) {
            return at + " NONE: " + a.reason();
        }
        return at + " " + a.severityName() + " "
                + a.scope().map(s -> s.name().toLowerCase(Locale.ROOT)).orElse("")
                + (a.services().isEmpty() ? "" : " " + String.join(",", a.services()))
                + ": " + a.reason() + "; run: " + a.command().orElse("")
                + a.expected().map(e -> "; expected " + e.describe()).orElse("");
    }

    /** The assessment as {@code --json} prints it. */
    static Map<String, Object> json(Assessment a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("actionNeeded", a.actionNeeded());
        m.put("severity", a.severityName());
        m.put("scope", a.scope().map(s -> s.name().toLowerCase(Locale.ROOT)).orElse(null));
        m.put("services", a.services());
        m.put("reason", a.reason());
        m.put("command", a.command().orElse(null));
        m.put("commandComplete", a.commandComplete());
        m.put(
                "expected",
                a.expected()
                        .map(e -> Map.of(
                                "seconds",
                                e.duration().toSeconds(),
                                "basis",
                                e.basis().name().toLowerCase(Locale.ROOT),
                                "text",
                                e.describe()))
                        .orElse(null));
        List<Map<String, Object>> readings = a.readings().stream()
                .map(r -> {
                    Map<String, Object> t = new LinkedHashMap<>();
                    t.put("trigger", r.trigger().name().toLowerCase(Locale.ROOT));
                    t.put("runbook", r.trigger().runbookText());
                    t.put("measured", r.measured());
                    t.put("value", r.value());
                    t.put("number", r.measured() ? r.number() : null);
                    t.put("threshold", r.threshold());
                    t.put("source", r.source());
                    t.put("fired", r.fired());
                    t.put("services", r.services());
                    return t;
                })
                .toList();
        m.put("triggers", readings);
        return m;
    }

    private static String name(TriggerReading r) {
        return r.trigger().name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
