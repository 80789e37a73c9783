package org.vigne.net.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.HandlerInstantiator;
import com.fasterxml.jackson.databind.cfg.MapperConfig;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.jsontype.TypeIdResolver;
import com.fasterxml.jackson.databind.jsontype.TypeResolverBuilder;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.vigne.core.Message;

/**
 * The explicit wire codec of Vigne messages: CBOR (RFC 8949) through Jackson, never Java
 * serialization.
 *
 * <p>A message is written as {@code [typeCode, {field: value, ...}]}, where the code comes from
 * {@link #register}; fields declared as {@code Message} (or a message family) nest the same way,
 * so envelopes such as {@code Route(Id key, Message payload)} carry any registered message.
 * Supported field types are those of records in vigne-core: {@link org.vigne.core.Id} (20 raw
 * bytes), {@link org.vigne.core.NodeHandle}, strings, primitives and their boxes, {@code byte[]},
 * enums (by name), lists, and maps with string keys.
 *
 * <p>Versioning: the frame carries the wire version; within it, a type code never changes
 * meaning, fields are matched by name, unknown fields are ignored and missing ones read as
 * null/zero, so a message may gain fields without breaking older nodes.
 *
 * <p>One codec serves every node of a process: after registration it is immutable in use and
 * thread-safe (the Jackson reader and writers are built once and reused).
 */
public final class MessageCodec {
    /** Deepest nesting a peer may send; well above any envelope, far below a stack overflow. */
    private static final int MAX_NESTING_DEPTH = 64;

    private final MessageTypes types = new MessageTypes();
    private final CBORMapper mapper;
    /**
     * A writer per message class: a writer for the abstract {@code Message} looks the concrete
     * class's serializer up and contextualises it again on every call, one for the class itself
     * finds it once. Both write the same bytes, type code included.
     */
    private final Map<Class<?>, ObjectWriter> writers = new ConcurrentHashMap<>();
    private final ObjectReader reader;

    public MessageCodec() {
        CBORFactory factory = CBORFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
                .build();
        CBORMapper mapper = CBORMapper.builder(factory)
                .addModule(new IdModule())
                .addMixIn(Message.class, MessageMixin.class)
                .handlerInstantiator(new ResolverInstantiator(types))
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .build();
        this.mapper = mapper;
        this.reader = mapper.readerFor(Message.class);
    }

    /**
     * Gives {@code type} the stable wire code {@code code}. Returns this codec, so registrations
     * chain. See {@link MessageTypes#register} for the rules.
     */
    public MessageCodec register(int code, Class<? extends Message> type) {
        types.register(code, type);
        return this;
    }

    /** The registered type codes. */
    public MessageTypes types() {
        return types;
    }

    /** The bytes of {@code msg}; fails when it (or a message nested in it) is not registered. */
    public byte[] encode(Message msg) throws WireException {
        if (types.codeOf(msg.getClass()) < 0) {
            throw new WireException("message class " + msg.getClass().getName() + " is not registered with the codec");
        }
        try {
            return writerFor(msg.getClass()).writeValueAsBytes(msg);
        } catch (IOException | RuntimeException e) {
            throw new WireException("cannot encode " + msg.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    private ObjectWriter writerFor(Class<?> type) {
        ObjectWriter w = writers.get(type);
        return w != null ? w : writers.computeIfAbsent(type, mapper::writerFor);
    }

    /** Decodes a whole array. */
    public Message decode(byte[] bytes) throws WireException {
        return decode(bytes, 0, bytes.length);
    }

    /** Decodes {@code length} bytes from {@code offset}; any malformed input is a {@link WireException}. */
    public Message decode(byte[] bytes, int offset, int length) throws WireException {
        Message msg;
        try {
            msg = reader.readValue(bytes, offset, length);
        } catch (JsonProcessingException e) {
            throw new WireException(firstLine(e.getOriginalMessage()), e);
        } catch (IOException | RuntimeException e) {
            throw new WireException(firstLine(e.getMessage()), e);
        }
        if (msg == null) {
            throw new WireException("null message");
        }
        return msg;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** Hands Jackson a type id resolver bound to this codec's registry (one per declared type). */
    private static final class ResolverInstantiator extends HandlerInstantiator {
        private final MessageTypes types;

        ResolverInstantiator(MessageTypes types) {
            this.types = types;
        }

        @Override
        public TypeIdResolver typeIdResolverInstance(MapperConfig<?> config, Annotated annotated, Class<?> resolverClass) {
            return resolverClass == MessageTypeIdResolver.class ? new MessageTypeIdResolver(types) : null;
        }

        @Override
        public JsonDeserializer<?> deserializerInstance(DeserializationConfig config, Annotated annotated, Class<?> deserClass) {
            return null;
        }

        @Override
        public KeyDeserializer keyDeserializerInstance(DeserializationConfig config, Annotated annotated, Class<?> keyDeserClass) {
            return null;
        }

        @Override
        public JsonSerializer<?> serializerInstance(SerializationConfig config, Annotated annotated, Class<?> serClass) {
            return null;
        }

        @Override
        public TypeResolverBuilder<?> typeResolverBuilderInstance(MapperConfig<?> config, Annotated annotated, Class<?> builderClass) {
            return null;
        }
    }
}
