package dev.rollback.testing;

import java.lang.reflect.AnnotatedElement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit condition behind {@link RequiresComponent}: probes each required component once per test run and
 * enables the test, skips it, or (when components are required) fails it.
 *
 * <p>{@code ConditionEvaluationResult r = new ComponentCondition(probe, true).evaluate(List.of(Component.REDIS));}
 */
public final class ComponentCondition implements ExecutionCondition {
    /** The system property that makes a missing component a failure outside CI too. */
    public static final String REQUIRE_PROPERTY = "rollback.requireComponents";

    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);

    /** Probe results shared by every test of the JVM: a service is probed once per run. */
    private static final Map<Component, Reachability> RUN_CACHE = new EnumMap<>(Component.class);

    private final Function<Component, Reachability> probe;
    private final boolean required;

    /** Used by JUnit: real probes, required when {@code CI=true} or {@code -Drollback.requireComponents=true}. */
    public ComponentCondition() {
        this(
                ComponentCondition::probeOncePerRun,
                componentsRequired(System.getenv("CI"), System.getProperty(REQUIRE_PROPERTY)));
    }

    /** A condition with the given probe; {@code required} turns a missing component into a failure. */
    public ComponentCondition(Function<Component, Reachability> probe, boolean required) {
        this.probe = probe;
        this.required = required;
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return evaluate(requiredComponents(context.getElement().orElse(null)));
    }

    /** Enabled when every component answers; otherwise disabled, or {@link ComponentUnreachableError} if required. */
    public ConditionEvaluationResult evaluate(Iterable<Component> components) {
        List<String> missing = new ArrayList<>();
        for (Component component : components) {
            Reachability r = probe.apply(component);
            if (!r.reachable()) {
                missing.add(message(component, r));
            }
        }
        if (missing.isEmpty()) {
            return ConditionEvaluationResult.enabled("required components answer");
        }
        String message = String.join("\n", missing);
        if (required) {
            throw new ComponentUnreachableError(message);
        }
        return ConditionEvaluationResult.disabled(message);
    }

    /** {@code POSTGRES is required but not reachable at 127.0.0.1:5432; run scripts/setup-test-env.sh (...)} */
    public static String message(Component component, Reachability r) {
        return component + " is required but not reachable at " + r.address() + "; run scripts/setup-test-env.sh"
                + (r.detail().isEmpty() ? "" : " (" + r.detail() + ")");
    }

    /** Whether a missing component fails: {@code CI=true} (any case) or the property set to {@code true}. */
    static boolean componentsRequired(String ciEnv, String property) {
        return "true".equalsIgnoreCase(ciEnv) || "true".equalsIgnoreCase(property);
    }

    /** The components named directly or through composed annotations on a class or method. */
    static Set<Component> requiredComponents(AnnotatedElement element) {
        Set<Component> components = new LinkedHashSet<>();
        if (element == null) {
            return components;
        }
        if (element instanceof Class<?> type && type.getEnclosingClass() != null) {
            components.addAll(requiredComponents(type.getEnclosingClass()));
        }
        for (RequiresComponent annotation :
                AnnotationSupport.findRepeatableAnnotations(element, RequiresComponent.class)) {
            components.addAll(List.of(annotation.value()));
        }
        return components;
    }

    private static Reachability probeOncePerRun(Component component) {
        synchronized (RUN_CACHE) {
            return RUN_CACHE.computeIfAbsent(component, c -> ComponentProbe.probe(c, PROBE_TIMEOUT));
        }
    }
}
