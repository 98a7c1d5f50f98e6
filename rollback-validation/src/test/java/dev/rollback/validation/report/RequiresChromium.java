package dev.rollback.validation.report;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Tags a test {@code "chromium"} and runs it only where a headless Chromium is installed (see {@link
 * ChromiumCondition}): skipped otherwise, failed in CI, like the tests of {@code RequiresComponent}.
 *
 * <p>{@code @RequiresChromium class HtmlReportInChromiumIT { ... }}
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Tag("chromium")
@ExtendWith(ChromiumCondition.class)
public @interface RequiresChromium {}
