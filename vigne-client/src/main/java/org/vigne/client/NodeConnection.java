package org.vigne.client;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One persistent HTTP/1.1 connection to the node's control API on loopback: requests go one at a
 * time over the same socket (keep-alive, TCP_NODELAY), so an access that the node serves from a
 * valid local copy costs one loopback round trip and no connection set-up. A connection left
 * idle longer than the node keeps it ({@link #IDLE_REOPEN_MS}) is reopened before the next
 * request; a read that fails on a connection the node closed meanwhile is sent once more on a
 * new one (a read has no effect to repeat; writes are never re-sent, since the node may have
 * applied them). Thread-safe: callers take turns.
 */
final class NodeConnection implements AutoCloseable {
    /** The node closes a connection that stays idle 10 s; reopen well before that. */
    static final long IDLE_REOPEN_MS = 5_000;
    private static final int CONNECT_TIMEOUT_MS = 5_000;
    /** Longest wait for an answer: past the node's own bound on any access. */
    private static final int READ_TIMEOUT_MS = 60_000;
    private static final int MAX_HEADER_LINE = 8192;

    /** An answer: status, body, and the one header a client needs. */
    record Answer(int status, byte[] body, boolean conflict, String contentType) {
        /** The one-line reason of a refusal: the {@code error} field of the node's JSON answer. */
        String reason() {
            String text = new String(body, StandardCharsets.UTF_8);
            String error = text(text, "error");
            return error != null ? error : "HTTP " + status + (text.isEmpty() ? "" : ": " + text);
        }

        /** The whole number in field {@code name} of the node's flat JSON answer, or -1 when absent. */
        long number(String name) {
            String text = new String(body, StandardCharsets.UTF_8);
            int k = text.indexOf("\"" + name + "\":");
            if (k < 0) {
                return -1;
            }
            int i = k + name.length() + 3;
            int j = i;
            while (j < text.length() && Character.isDigit(text.charAt(j))) {
                j++;
            }
            return j == i ? -1 : Long.parseLong(text.substring(i, j));
        }

        /** The string in field {@code name} of a flat JSON text, unescaped, or null when absent. */
        static String text(String json, String name) {
            int k = json.indexOf("\"" + name + "\":\"");
            if (k < 0) {
                return null;
            }
            StringBuilder out = new StringBuilder();
            for (int i = k + name.length() + 4; i < json.length() && json.charAt(i) != '"'; i++) {
                char c = json.charAt(i);
                if (c == '\\' && i + 1 < json.length()) {
                    c = json.charAt(++i);
                }
                out.append(c);
            }
            return out.toString();
        }
    }

    private final String host;
    private final int port;
    private final String authorization;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private long lastUsedNanos;

    NodeConnection(String host, int port, String token) {
        this.host = host;
        this.port = port;
        this.authorization = "Bearer " + token;
    }

    /** Sends one request and reads its answer. */
    synchronized Answer exchange(String method, String path, String contentType, byte[] body) {
        boolean idempotent = method.equals("GET");
        if (socket != null && System.nanoTime() - lastUsedNanos > IDLE_REOPEN_MS * 1_000_000L) {
            closeQuietly();
        }
        boolean fresh = socket == null;
        try {
            return once(method, path, contentType, body);
        } catch (IOException e) {
            closeQuietly();
            if (!idempotent || fresh) {
                throw new VigneException("cannot reach the node at " + host + ":" + port + ": " + e.getMessage(), e);
            }
        }
        try {
            return once(method, path, contentType, body);
        } catch (IOException e) {
            closeQuietly();
            throw new VigneException("cannot reach the node at " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    private Answer once(String method, String path, String contentType, byte[] body) throws IOException {
        if (socket == null) {
            open();
        }
        StringBuilder head = new StringBuilder(160).append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ")
                .append(host).append(':').append(port).append("\r\nAuthorization: ").append(authorization)
                .append("\r\nContent-Length: ").append(body == null ? 0 : body.length).append("\r\n");
        if (contentType != null) {
            head.append("Content-Type: ").append(contentType).append("\r\n");
        }
        out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        if (body != null) {
            out.write(body);
        }
        out.flush();
        Answer a = readAnswer();
        lastUsedNanos = System.nanoTime();
        return a;
    }

    private Answer readAnswer() throws IOException {
        String statusLine = line();
        if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
            throw new IOException("not an HTTP answer: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        int length = -1;
        boolean close = false;
        boolean conflict = false;
        String type = "";
        for (String h = line(); !h.isEmpty(); h = line()) {
            int colon = h.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = h.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> length = Integer.parseInt(value);
                case "connection" -> close = value.equalsIgnoreCase("close");
                case "x-vigne-outcome" -> conflict = value.equalsIgnoreCase("conflict");
                case "content-type" -> type = value;
                default -> { }
            }
        }
        if (length < 0) {
            throw new IOException("an answer without Content-Length");
        }
        byte[] body = in.readNBytes(length);
        if (body.length < length) {
            throw new EOFException("the node closed the connection in the middle of an answer");
        }
        if (close) {
            closeQuietly();
        }
        return new Answer(status, body, conflict, type);
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(64);
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new EOFException("the node closed the connection");
            }
            if (c != '\r') {
                b.write(c);
            }
            if (b.size() > MAX_HEADER_LINE) {
                throw new IOException("an answer's header line is too long");
            }
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    private void open() throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.setSoTimeout(READ_TIMEOUT_MS);
            s.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
            in = new BufferedInputStream(s.getInputStream(), 16 * 1024);
            out = new BufferedOutputStream(s.getOutputStream(), 16 * 1024);
        } catch (IOException e) {
            s.close();
            throw e;
        }
        socket = s;
    }

    private void closeQuietly() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // Nothing to do: the connection is dropped either way.
            }
            socket = null;
        }
    }

    @Override
    public synchronized void close() {
        closeQuietly();
    }
}
