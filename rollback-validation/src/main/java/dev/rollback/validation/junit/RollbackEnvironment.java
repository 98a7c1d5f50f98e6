package dev.rollback.validation.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class against a running compose environment: before the first test the declared services are checked
 * (running and healthy, else the class fails at once with the validation report) and their data is snapshotted;
 * after each test (or after all, see {@link #reset()}) their data is back to the snapshot.
 *
 * <pre>
 * &#64;RollbackEnvironment(project = "../devstack-core", services = {"postgres", "redis-1"})
 * class OrderServiceIT {
 *     &#64;Test void createsAnOrder(Environment env) { ... }
 * }
 * </pre>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(RollbackExtension.class)
public @interface RollbackEnvironment {
    /** The environment's directory; empty: {@code $ROLLBACK_HOME}, else the working directory. */
    String project() default "";

    /** The services whose data is snapshotted and reset (one node names a whole Redis cluster). */
    String[] services() default {};

    /** When the data is put back. */
    Reset reset() default Reset.AFTER_EACH;
}
