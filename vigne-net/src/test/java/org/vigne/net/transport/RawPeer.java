package org.vigne.net.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.security.SecureRandom;
import java.util.Arrays;
import org.vigne.core.NodeHandle;
import org.vigne.net.secure.ClusterSecret;
import org.vigne.net.secure.FrameSealer;
import org.vigne.net.secure.HandshakeTranscript;
import org.vigne.net.wire.Frames;
import org.vigne.net.wire.HandleBytes;

/**
 * A hand-driven end of a connection speaking the wire protocol over a blocking socket, so tests can
 * capture, replay and forge frames exactly: a client it connected itself, or a server's end of a
 * connection a node opened to it ({@link RogueServer}). It knows only the wire format and the
 * handshake's published scheme, not the transport's classes.
 */
final class RawPeer implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private FrameSealer sealer;

    private RawPeer(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(10_000);
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Connects to {@code server} without any handshake. */
    static RawPeer connect(NodeHandle server) throws IOException {
        return new RawPeer(new Socket(server.host(), server.port()));
    }

    /** Connects to {@code server} from the local address {@code sourceHost} (e.g. 127.0.0.2), without any handshake. */
    static RawPeer connectFrom(NodeHandle server, String sourceHost) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(sourceHost, 0));
        s.connect(new InetSocketAddress(server.host(), server.port()), 5000);
        return new RawPeer(s);
    }

    /** The server's end of a connection a node opened. */
    static RawPeer accepted(Socket socket) throws IOException {
        return new RawPeer(socket);
    }

    /** Connects and completes the handshake as {@code self}; fails if the server's proof is wrong. */
    static RawPeer authenticated(NodeHandle server, ClusterSecret secret, NodeHandle self) throws IOException {
        RawPeer p = connect(server);
        byte[] hello = p.readFrame();
        byte[] clientNonce = new byte[Frames.NONCE_BYTES];
        new SecureRandom().nextBytes(clientNonce);
        byte[] handle = HandleBytes.encode(self);
        HandshakeTranscript t = new HandshakeTranscript(
                Arrays.copyOfRange(hello, Frames.HEADER_BYTES, hello.length), clientNonce, handle);
        p.write(bytes(Frames.handshake(Frames.Kind.CLIENT_AUTH, clientNonce, t.clientProof(secret), handle)));
        byte[] auth = p.readFrame();
        if (!ClusterSecret.sameMac(t.serverProof(secret), Arrays.copyOfRange(auth, Frames.HEADER_BYTES, auth.length))) {
            throw new IOException("server proof does not verify");
        }
        p.sealer = new FrameSealer(t.dataKey(secret));
        return p;
    }

    /** A sealed data frame (length prefix included) carrying {@code plain}, not yet sent. */
    byte[] seal(byte[] plain) {
        return sealer.seal(plain);
    }

    void write(byte[] raw) throws IOException {
        out.write(raw);
        out.flush();
    }

    /** Reads one frame body (without its length prefix). */
    byte[] readFrame() throws IOException {
        int length = in.readInt();
        byte[] b = new byte[length];
        in.readFully(b);
        return b;
    }

    /** Reads one frame body, or returns null when the other end has closed the connection. */
    byte[] readFrameOrEnd() throws IOException {
        try {
            return readFrame();
        } catch (EOFException | SocketException e) {
            return null;
        }
    }

    /** True once the server has closed the connection (waits up to the socket timeout). */
    boolean closedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (EOFException | SocketException e) {
            return true;
        }
    }

    static byte[] bytes(ByteBuf buf) {
        try {
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
