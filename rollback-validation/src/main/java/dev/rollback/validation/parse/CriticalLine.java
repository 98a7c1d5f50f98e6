package dev.rollback.validation.parse;

/**
 * One critical line of a service's log.
 *
 * <p>{@code new CriticalLine(42, "FATAL:  password authentication failed for user \"devuser\"")}
 *
 * @param number the line's number in the scanned text, from 1
 * @param text the line, cut to {@link CriticalLogLines#MAX_LINE_CHARS} characters
 */
public record CriticalLine(int number, String text) {
    @Override
    public String toString() {
        return "line " + number + ": " + text;
    }
}
