package org.vigne.jmh;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.vigne.core.Id;
import org.vigne.core.Message;
import org.vigne.core.NodeHandle;
import org.vigne.dht.DhtMessage;
import org.vigne.net.wire.MessageCodec;
import org.vigne.net.wire.ProtocolCodec;
import org.vigne.net.wire.WireException;
import org.vigne.overlay.OverlayMessage;

/**
 * The wire codec a real node runs on every message it sends and receives: CBOR through Jackson,
 * with the type codes of {@link ProtocolCodec}, on a few messages that dominate traffic.
 *
 * <ul>
 *   <li>{@code ping}: a liveness probe, the smallest and most frequent maintenance message;</li>
 *   <li>{@code routedPut}: a client put of 100 bytes routed one hop (a {@code Route} envelope
 *       around a DHT {@code Request}), the client path of {@code vigne bench dht};</li>
 *   <li>{@code leafSet}: a Bamboo leaf-set push of 16 handles;</li>
 *   <li>{@code store}: the root's write of 100 bytes to a replica.</li>
 * </ul>
 */
public class CodecBench extends MicroBenchmark {
    private static final int VALUE_BYTES = 100;

    @Param({"ping", "routedPut", "leafSet", "store"})
    public String message;

    private MessageCodec codec;
    private Message msg;
    private byte[] bytes;

    @Setup
    public void setUp() throws WireException {
        codec = ProtocolCodec.create();
        msg = sample(message, new SplittableRandom(7));
        bytes = codec.encode(msg);
        if (!Arrays.equals(codec.encode(codec.decode(bytes)), bytes)) {
            throw new IllegalStateException(message + " does not survive an encode-decode round trip");
        }
    }

    /** The message named {@code name}, with seeded ids and values. */
    static Message sample(String name, SplittableRandom random) {
        NodeHandle origin = handle(random);
        byte[] value = new byte[VALUE_BYTES];
        random.nextBytes(value);
        return switch (name) {
            case "ping" -> new OverlayMessage.Ping(random.nextLong());
            case "routedPut" -> {
                Id key = Id.random(random);
                DhtMessage.Request put = new DhtMessage.Request("default", key, DhtMessage.Op.PUT, value,
                        0, random.nextLong(), origin);
                yield new OverlayMessage.Route(key, put, origin, random.nextLong(), 1);
            }
            case "leafSet" -> {
                List<NodeHandle> leaves = new ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    leaves.add(handle(random));
                }
                yield new OverlayMessage.LeafSetPush(leaves);
            }
            case "store" -> new DhtMessage.Store("default",
                    new DhtMessage.Item(Id.random(random), 42, value, false), random.nextLong(), handle(random),
                    random.nextLong(), 3);
            default -> throw new IllegalArgumentException("no sample message \"" + name + "\"");
        };
    }

    private static NodeHandle handle(SplittableRandom random) {
        return new NodeHandle(Id.random(random), "10.0." + random.nextInt(256) + "." + random.nextInt(256),
                7400 + random.nextInt(64));
    }

    /** Message to bytes. */
    @Benchmark
    public byte[] encode() throws WireException {
        return codec.encode(msg);
    }

    /** Bytes to message, with the type-code lookup and field checks a received frame goes through. */
    @Benchmark
    public Message decode() throws WireException {
        return codec.decode(bytes);
    }
}
