package dev.rollback.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class or method only where the named components answer. When one does not, the test fails in CI
 * ({@code CI=true} or {@code -Drollback.requireComponents=true}) and is skipped otherwise, with a message that
 * says how to start it.
 *
 * <p>{@code @RequiresComponent({Component.DOCKER, Component.POSTGRES}) class RestoreDrillIT { ... }}
 *
 * <p>Prefer the composed annotations ({@link RequiresPostgres}, {@link RequiresDocker}, ...), which also tag.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Repeatable(RequiresComponents.class)
@ExtendWith(ComponentCondition.class)
public @interface RequiresComponent {
    Component[] value();
}
