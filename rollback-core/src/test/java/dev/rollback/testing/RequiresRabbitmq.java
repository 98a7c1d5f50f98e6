package dev.rollback.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Tags a test {@code "rabbitmq"} and runs it only where {@link Component#RABBITMQ} answers (see {@link RequiresComponent}).
 *
 * <p>{@code @RequiresRabbitmq class RabbitmqConnectionIT { ... }}
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Tag("rabbitmq")
@RequiresComponent(Component.RABBITMQ)
public @interface RequiresRabbitmq {}
