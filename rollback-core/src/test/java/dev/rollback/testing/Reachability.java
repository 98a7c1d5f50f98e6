package dev.rollback.testing;

/**
 * What a probe found: whether a component answered, where it looked, and why not.
 *
 * <p>{@code Reachability r = ComponentProbe.tcp(HostServices.address(Component.REDIS), Duration.ofSeconds(1));}
 *
 * @param reachable whether it answered
 * @param address where it was looked for ({@code 127.0.0.1:5432}, {@code unix:///var/run/docker.sock})
 * @param detail why it did not answer; empty when it did
 */
public record Reachability(boolean reachable, String address, String detail) {

    public static Reachability up(String address) {
        return new Reachability(true, address, "");
    }

    public static Reachability down(String address, String detail) {
        return new Reachability(false, address, detail);
    }
}
