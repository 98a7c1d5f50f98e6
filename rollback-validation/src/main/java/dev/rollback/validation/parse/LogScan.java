package dev.rollback.validation.parse;

import java.util.List;

/**
 * What a scan of one log found: the first critical lines (up to the scanner's cap), how many there were in all, and
 * how many lines were read.
 *
 * <p>{@code CriticalLogLines.forKind(ServiceKind.MYSQL).scan(log).clean()}
 *
 * @param lines the critical lines kept, in log order
 * @param found how many critical lines the log holds (more than {@code lines.size()} when the cap was reached)
 * @param linesRead how many lines were read
 */
public record LogScan(List<CriticalLine> lines, int found, int linesRead) {
    public LogScan {
        lines = List.copyOf(lines);
    }

    /** No critical line: the runbook's "No critical errors in ... logs". */
    public boolean clean() {
        return found == 0;
    }

    /** Whether more critical lines were found than kept. */
    public boolean truncated() {
        return found > lines.size();
    }
}
