package dev.rollback.io;

import java.net.InetSocketAddress;

/**
 * A {@code host:port} argument, as the stand-in servers' {@code --listen} and {@code --server} take it.
 *
 * <p>{@code HostPort.parse("--listen", "0.0.0.0:27017") // 0.0.0.0 port 27017, not resolved}
 */
public final class HostPort {
    private HostPort() {}

    /** Parses {@code value} (IPv6 literals in brackets); {@code option} names it in the error. */
    public static InetSocketAddress parse(String option, String value) {
        int colon = value.lastIndexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw new IllegalArgumentException(option + " wants host:port, got '" + value + "'");
        }
        String host = value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " wants a numeric port, got '" + value + "'", e);
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException(option + " port out of range: " + port);
        }
        return InetSocketAddress.createUnresolved(host, port);
    }

    /** {@code host:port} of an address, unresolved or not. */
    public static String format(InetSocketAddress a) {
        String host = a.getHostString();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
    }
}
