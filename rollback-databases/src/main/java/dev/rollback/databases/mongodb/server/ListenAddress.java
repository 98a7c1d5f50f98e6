package dev.rollback.databases.mongodb.server;

import java.net.InetSocketAddress;

/**
 * A {@code host:port} argument, as {@code --listen} and {@code --server} take it.
 *
 * <p>{@code ListenAddress.parse("--listen", "0.0.0.0:27017") // 0.0.0.0 port 27017, not resolved}
 */
final class ListenAddress {
    private ListenAddress() {
    }

    /** Parses {@code value} (IPv6 literals in brackets); {@code option} names it in the error. */
    static InetSocketAddress parse(String option, String value) {
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
    static String format(InetSocketAddress a) {
        String host = a.getHostString();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
    }
}
