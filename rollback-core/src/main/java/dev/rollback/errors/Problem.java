package dev.rollback.errors;

import java.util.Objects;

/**
 * One thing preflight found: what it concerns, what was found and what to do about it.
 * A blocking problem stops the plan before its first change; a warning is reported and the plan goes on.
 *
 * <p>{@code Problem.blocking("git", "commit 9bef892 not found", "fetch it or pass --from <commit>")}
 */
public record Problem(String subject, String found, String advice, boolean blocking) {

    public Problem {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(found, "found");
        advice = advice == null ? "" : advice;
    }

    public static Problem blocking(String subject, String found, String advice) {
        return new Problem(subject, found, advice, true);
    }

    public static Problem warning(String subject, String found, String advice) {
        return new Problem(subject, found, advice, false);
    }

    @Override
    public String toString() {
        return subject + ": " + found + (advice.isEmpty() ? "" : " (" + advice + ")");
    }
}
