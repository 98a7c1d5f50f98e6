package dev.rollback.validation.junit;

/**
 * When the extension puts the declared services' data back to the snapshot taken before the first test.
 *
 * <p>{@code @RollbackEnvironment(services = "postgres", reset = Reset.AFTER_ALL)}
 */
public enum Reset {
    /** After every test: each test starts from the snapshot's data. */
    AFTER_EACH,
    /** Once, after the class's last test: the tests share changes, the next class starts clean. */
    AFTER_ALL,
    /** Never: the snapshot is only there for tests that reset themselves ({@link EnvironmentSnapshot#reset()}). */
    NEVER
}
