package dev.rollback.env;

/**
 * One entry of a service's {@code volumes:} list.
 *
 * <p>{@code mount.isBind() && mount.source().startsWith("./configs/")}
 *
 * @param source a volume key ({@code postgres_data}) or a host path after interpolation ({@code ./configs/x})
 * @param target the path inside the container
 * @param readOnly mounted {@code :ro}
 * @param bind true for a host path, false for a named volume
 */
public record Mount(String source, String target, boolean readOnly, boolean bind) {
    public boolean isBind() {
        return bind;
    }
}
