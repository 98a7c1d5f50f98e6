package dev.rollback.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Tags a test {@code "chromium"} and runs it only where {@link Component#CHROMIUM} is installed (see {@link RequiresComponent}).
 *
 * <p>{@code @RequiresChromium class HtmlReportInChromiumIT { ... }}
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Tag("chromium")
@RequiresComponent(Component.CHROMIUM)
public @interface RequiresChromium {}
