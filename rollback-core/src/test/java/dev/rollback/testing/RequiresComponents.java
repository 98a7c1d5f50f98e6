package dev.rollback.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The container of repeated {@link RequiresComponent} annotations; written by the compiler, not by hand.
 *
 * <p>{@code @RequiresDocker @RequiresPostgres class DumpIT { ... } // holds two RequiresComponent}
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@ExtendWith(ComponentCondition.class)
public @interface RequiresComponents {
    RequiresComponent[] value();
}
