package dev.rollback.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Tags a test {@code "redis"} and runs it only where {@link Component#REDIS} answers (see {@link RequiresComponent}).
 *
 * <p>{@code @RequiresRedis class RedisConnectionIT { ... }}
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Tag("redis")
@RequiresComponent(Component.REDIS)
public @interface RequiresRedis {}
