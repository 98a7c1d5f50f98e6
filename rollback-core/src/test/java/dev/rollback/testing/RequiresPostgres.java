package dev.rollback.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Tags a test {@code "postgres"} and runs it only where {@link Component#POSTGRES} answers (see {@link RequiresComponent}).
 *
 * <p>{@code @RequiresPostgres class PostgresConnectionIT { ... }}
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Tag("postgres")
@RequiresComponent(Component.POSTGRES)
public @interface RequiresPostgres {}
