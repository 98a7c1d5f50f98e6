package dev.rollback.cli;

import dev.rollback.io.ByteSizes;
import dev.rollback.validation.baseline.Baseline;
import dev.rollback.validation.probe.ServiceFigures;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A baseline's figures as text: when and where (git), the running services and the networks, each service's memory
 * and CPU with the totals, each endpoint's response time.
 *
 * <p>{@code BaselinePrinter.print(Baselines.read(env).orElseThrow(), out);}
 */
final class BaselinePrinter {
    private BaselinePrinter() {}

    static void print(Baseline b, PrintWriter out) {
        out.printf(
                "Baseline at %s%s%n",
                b.at(),
                b.commit().isEmpty()
                        ? ""
                        : " on " + (b.branch().isEmpty() ? "a detached HEAD" : b.branch()) + " at " + shortId(b));
        out.printf("Services (%d)  %s%n", b.services().size(), names(b.services()));
        out.printf("Networks (%d)  %s%n", b.networks().size(), names(b.networks()));
        if (!b.resources().isEmpty()) {
            out.printf("%n  %-22s %12s %8s%n", "SERVICE", "MEMORY", "CPU");
            for (Map.Entry<String, ServiceFigures> e : new TreeMap<>(b.resources()).entrySet()) {
                out.printf(
                        "  %-22s %12s %7.1f%%%n",
                        e.getKey(),
                        ByteSizes.format(e.getValue().memoryBytes()),
                        e.getValue().cpuPercent());
            }
            out.printf("  %-22s %12s %7.1f%%%n", "total", ByteSizes.format(b.totalMemoryBytes()), b.totalCpuPercent());
        }
        if (!b.responseMillis().isEmpty()) {
            out.printf("%n  %-40s %s%n", "ENDPOINT", "RESPONSE");
            new TreeMap<>(b.responseMillis()).forEach((e, ms) -> out.printf("  %-40s %d ms%n", e, ms));
        }
        if (b.testCount() >= 0) {
            out.printf("Tests         %d%n", b.testCount());
        }
    }

    private static String names(List<String> names) {
        return names.isEmpty() ? "none running" : String.join(", ", names);
    }

    private static String shortId(Baseline b) {
        return b.commit().length() > 7 ? b.commit().substring(0, 7) : b.commit();
    }
}
