package org.vigne.net.node;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * A socket address as users write it on the command line ({@code 127.0.0.1:7400},
 * {@code [::1]:7400}, {@code node3.lab:7400}), parsed with one-line errors.
 */
public record HostPort(String host, int port) {
    public HostPort {
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("an address needs a host");
        }
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("port " + port + " is not a TCP port");
        }
    }

    /** Parses {@code HOST:PORT}; {@code what} names the option in the error, e.g. "--listen". */
    public static HostPort parse(String text, String what) {
        String s = text.trim();
        int colon = s.lastIndexOf(':');
        if (colon <= 0 || colon == s.length() - 1) {
            throw new IllegalArgumentException(what + " expects HOST:PORT, got '" + text + "'");
        }
        String host = s.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(s.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " expects HOST:PORT, got '" + text + "'");
        }
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException(what + ": port " + port + " is not a TCP port");
        }
        return new HostPort(host, port);
    }

    /** Parses a comma-separated list of {@code HOST:PORT}. */
    public static List<HostPort> parseList(String text, String what) {
        List<HostPort> out = new ArrayList<>();
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                out.add(parse(part, what));
            }
        }
        return out;
    }

    /**
     * The IP address {@code host} resolves to, when it is a loopback address; resolved once, so
     * the caller connects to exactly the address that was checked.
     *
     * @throws IllegalArgumentException when the host is unknown or not a loopback address
     */
    public InetAddress loopbackAddress() {
        InetAddress a;
        try {
            a = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(this + ": unknown host " + host);
        }
        if (!a.isLoopbackAddress()) {
            throw new IllegalArgumentException(this + " is not a loopback address");
        }
        return a;
    }

    /** This address with another port. */
    public HostPort withPort(int p) {
        return new HostPort(host, p);
    }

    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
