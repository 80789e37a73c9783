package org.vigne.jmh;

import java.util.Arrays;
import java.util.SplittableRandom;
import javax.crypto.SecretKey;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;
import org.vigne.net.secure.ClusterSecret;
import org.vigne.net.secure.FrameOpener;
import org.vigne.net.secure.FrameRejectedException;
import org.vigne.net.secure.FrameSealer;
import org.vigne.net.secure.HandshakeTranscript;
import org.vigne.net.wire.Frames;

/**
 * AES-256-GCM sealing and opening of data frames, which every message between two real nodes
 * goes through once each way, at message sizes from a probe to a large hand-off.
 *
 * <p>An opener accepts each sequence number once and only in order, so {@link #open} opens a
 * batch of frames sealed in order beforehand with a fresh opener; building the opener (one
 * {@code Cipher.getInstance}) is shared by the {@value #BATCH} frames of the batch.
 */
public class FrameBench extends MicroBenchmark {
    static final int BATCH = 256;

    @Param({"64", "1024", "16384"})
    public int payloadBytes;

    private SecretKey key;
    private FrameSealer sealer;
    private byte[] plain;
    private final byte[][] sealed = new byte[BATCH][];

    @Setup
    public void setUp() throws FrameRejectedException {
        SplittableRandom random = new SplittableRandom(11);
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        byte[] serverNonce = new byte[Frames.NONCE_BYTES];
        byte[] clientNonce = new byte[Frames.NONCE_BYTES];
        random.nextBytes(serverNonce);
        random.nextBytes(clientNonce);
        key = new HandshakeTranscript(serverNonce, clientNonce, new byte[] {1}).dataKey(ClusterSecret.of(secret));
        sealer = new FrameSealer(key);
        plain = new byte[payloadBytes];
        random.nextBytes(plain);
        FrameSealer batchSealer = new FrameSealer(key);
        for (int i = 0; i < BATCH; i++) {
            sealed[i] = batchSealer.seal(plain);
        }
        byte[] first = sealed[0];
        byte[] opened = new FrameOpener(key).open(first, Frames.LENGTH_BYTES, first.length - Frames.LENGTH_BYTES);
        if (!Arrays.equals(opened, plain)) {
            throw new IllegalStateException("a sealed frame does not open to its message");
        }
    }

    /** One message's bytes to a complete data frame (length prefix, header, sequence number, tag). */
    @Benchmark
    public byte[] seal() {
        return sealer.seal(plain);
    }

    /** One data frame back to the message's bytes, tag and sequence number checked. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void open(Blackhole blackhole) throws FrameRejectedException {
        FrameOpener opener = new FrameOpener(key);
        for (byte[] frame : sealed) {
            blackhole.consume(opener.open(frame, Frames.LENGTH_BYTES, frame.length - Frames.LENGTH_BYTES));
        }
    }
}
