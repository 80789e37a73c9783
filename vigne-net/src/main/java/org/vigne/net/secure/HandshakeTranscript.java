package org.vigne.net.secure;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * What both ends of one connection agreed on during the handshake (the server's nonce, the
 * client's nonce and the client's handle), and the MACs derived from it.
 *
 * <p>The scheme, over one TCP connection (frames in {@link org.vigne.net.wire.Frames}):
 * <ol>
 *   <li>server to client, on accept: SERVER_HELLO with a fresh 32-byte nonce {@code ns};</li>
 *   <li>client to server: CLIENT_AUTH with its own fresh nonce {@code nc}, its handle {@code h}
 *       and {@code clientProof = HMAC-SHA256(K, "client-proof" | ns | nc | h)}, where {@code K}
 *       is derived from the cluster secret ({@link ClusterSecret}). A server that cannot verify it
 *       counts an auth failure, logs "wrong cluster secret (HMAC mismatch)" and closes;</li>
 *   <li>server to client: SERVER_AUTH with {@code serverProof}, the same MAC under another label.
 *       The client sends no message until it has verified it, so a node without the secret never
 *       receives a message, even encrypted;</li>
 *   <li>client to server, then on: DATA frames sealed with AES-256-GCM under
 *       {@code HMAC(K, "data-key" | ns | nc | h)}, each with a sequence number that starts at 1
 *       and is one more than the previous frame's, covered by the tag ({@link FrameSealer},
 *       {@link FrameOpener}).</li>
 * </ol>
 * Why it resists replay: both nonces are fresh, so an old proof never verifies again and every
 * connection has its own data key (a frame captured on one connection fails the tag check on any
 * other); within a connection, a frame whose sequence number is not the next one is refused, so
 * frames can be neither replayed nor dropped unnoticed. Distinct labels keep a proof from being reflected to its sender or used as a key.
 * Data flows from client to server only; replies travel on the replier's own connection.
 */
public final class HandshakeTranscript {
    private static final String CLIENT_PROOF = "vigne/1/client-proof";
    private static final String SERVER_PROOF = "vigne/1/server-proof";
    private static final String DATA_KEY = "vigne/1/data-key";

    private final byte[] serverNonce;
    private final byte[] clientNonce;
    private final byte[] clientHandle;

    public HandshakeTranscript(byte[] serverNonce, byte[] clientNonce, byte[] clientHandle) {
        this.serverNonce = serverNonce.clone();
        this.clientNonce = clientNonce.clone();
        this.clientHandle = clientHandle.clone();
    }

    /** The client's proof that it holds the cluster secret. */
    public byte[] clientProof(ClusterSecret secret) {
        return secret.mac(CLIENT_PROOF, serverNonce, clientNonce, clientHandle);
    }

    /** The server's proof that it holds the cluster secret. */
    public byte[] serverProof(ClusterSecret secret) {
        return secret.mac(SERVER_PROOF, serverNonce, clientNonce, clientHandle);
    }

    /** The AES-256 key sealing this connection's data frames (client to server). */
    public SecretKey dataKey(ClusterSecret secret) {
        return new SecretKeySpec(secret.mac(DATA_KEY, serverNonce, clientNonce, clientHandle), "AES");
    }
}
