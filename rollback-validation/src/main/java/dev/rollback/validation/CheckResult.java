package dev.rollback.validation;

/**
 * The outcome of one checklist item.
 *
 * <p>{@code new CheckResult("git", "HEAD at baseline 9bef892", true, "")}
 *
 * @param area what the check belongs to ({@code git}, {@code .env}, {@code vault keys}, a service name)
 * @param item the checklist item, phrased as what must hold
 * @param passed whether it holds
 * @param detail what was found when it does not hold, or a figure when it does
 */
public record CheckResult(String area, String item, boolean passed, String detail) {

    public static CheckResult of(String area, String item, boolean passed, String detail) {
        return new CheckResult(area, item, passed, detail == null ? "" : detail);
    }

    @Override
    public String toString() {
        return (passed ? "✓ " : "✗ ") + area + ": " + item + (detail.isEmpty() ? "" : " (" + detail + ")");
    }
}
