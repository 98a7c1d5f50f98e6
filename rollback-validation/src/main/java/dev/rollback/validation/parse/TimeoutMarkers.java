package dev.rollback.validation.parse;

import java.util.regex.Pattern;

/**
 * Lines saying a test or the run timed out: {@code go test}'s {@code panic: test timed out after}, pytest-timeout's
 * {@code +++ Timeout +++}, surefire's fork timeout, a {@code TIMEOUT}/{@code TIMED OUT} marker line.
 */
final class TimeoutMarkers {
    private static final Pattern MARKER = Pattern.compile("(?m)^(?:panic: test timed out after .*"
            + "|\\++ Timeout \\++.*"
            + "|.*There was a timeout in the fork.*"
            + "|[^\\w\\n]*(?:TIMEOUT|TIMED OUT)\\b.*"
            + "|.*\\bcommand timed out after\\b.*)$");

    private TimeoutMarkers() {}

    static int count(String text) {
        return (int) MARKER.matcher(text).results().count();
    }
}
