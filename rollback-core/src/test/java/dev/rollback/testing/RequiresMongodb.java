package dev.rollback.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Tags a test {@code "mongodb"} and runs it only where {@link Component#MONGODB} answers (see {@link RequiresComponent}).
 *
 * <p>{@code @RequiresMongodb class MongodbConnectionIT { ... }}
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Tag("mongodb")
@RequiresComponent(Component.MONGODB)
public @interface RequiresMongodb {}
