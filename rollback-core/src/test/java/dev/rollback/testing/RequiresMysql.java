package dev.rollback.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Tags a test {@code "mysql"} and runs it only where {@link Component#MYSQL} answers (see {@link RequiresComponent}).
 *
 * <p>{@code @RequiresMysql class MysqlConnectionIT { ... }}
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Tag("mysql")
@RequiresComponent(Component.MYSQL)
public @interface RequiresMysql {}
