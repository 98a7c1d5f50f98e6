package dev.rollback.validation.check;

import java.util.function.Supplier;

/**
 * A value computed at its first use and shared by the threads that ask for it; a failure is remembered and thrown
 * again, so parallel checks see one answer of the environment.
 *
 * <p>{@code Supplier<List<ContainerStatus>> containers = Once.of(() -> engine.list(env));}
 */
final class Once<T> implements Supplier<T> {
    private final Supplier<T> compute;
    private boolean done;
    private T value;
    private RuntimeException failure;

    private Once(Supplier<T> compute) {
        this.compute = compute;
    }

    static <T> Once<T> of(Supplier<T> compute) {
        return new Once<>(compute);
    }

    @Override
    public synchronized T get() {
        if (!done) {
            try {
                value = compute.get();
            } catch (RuntimeException e) {
                failure = e;
            }
            done = true;
        }
        if (failure != null) {
            throw failure;
        }
        return value;
    }
}
