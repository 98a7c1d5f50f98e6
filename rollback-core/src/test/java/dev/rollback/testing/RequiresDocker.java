package dev.rollback.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Tags a test {@code "docker"} and runs it only where {@link Component#DOCKER} answers (see {@link RequiresComponent}).
 *
 * <p>{@code @RequiresDocker class DockerConnectionIT { ... }}
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Tag("docker")
@RequiresComponent(Component.DOCKER)
public @interface RequiresDocker {}
