package dev.rollback.errors;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Preflight found problems before the first change; nothing was changed.
 *
 * <p>{@code catch (PreflightException e) { e.problems().forEach(p -> System.err.println(p)); }}
 */
public class PreflightException extends RollbackException {
    private static final long serialVersionUID = 1L;
    private final transient List<Problem> problems;

    public PreflightException(List<Problem> problems) {
        super(render(problems));
        this.problems = List.copyOf(problems);
    }

    /** Every blocking problem found, in plan order. */
    public List<Problem> problems() {
        return problems;
    }

    @Override
    public int exitCode() {
        return ExitCode.PREFLIGHT_REFUSED;
    }

    private static String render(List<Problem> problems) {
        return "preflight refused, nothing was changed:\n"
                + problems.stream().map(p -> "  - " + p).collect(Collectors.joining("\n"));
    }
}
