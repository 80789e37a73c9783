package org.vigne.net.secure;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * What both ends of one connection agreed on during the handshake: the server's nonce, the
 * client's nonce and the client's handle. Each proof and the session key are MACs of the whole
 * transcript under the cluster key, with distinct labels, so a proof cannot be reflected back to
 * its sender, replayed into another connection (the other end's nonce is fresh), or used as a key.
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
