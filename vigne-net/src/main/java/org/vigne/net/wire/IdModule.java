package org.vigne.net.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import org.vigne.core.Id;

/**
 * Puts an {@link Id} on the wire as its 20 raw bytes (a CBOR byte string), the most compact form
 * and the one the size model of {@link org.vigne.core.Message} charges; as a map key it is its
 * 40 hexadecimal digits. Reading also accepts hexadecimal text, which keeps JSON dumps usable.
 */
final class IdModule extends SimpleModule {
    IdModule() {
        super("vigne-id");
        addSerializer(Id.class, new IdSerializer());
        addDeserializer(Id.class, new IdDeserializer());
        addKeyDeserializer(Id.class, new IdKeyDeserializer());
    }

    private static final class IdSerializer extends JsonSerializer<Id> {
        @Override
        public void serialize(Id id, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeBinary(id.toBytes());
        }
    }

    private static final class IdDeserializer extends JsonDeserializer<Id> {
        @Override
        public Id deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_STRING) {
                return parseHex(p.getText(), ctxt);
            }
            byte[] bytes = p.getBinaryValue();
            if (bytes.length != Id.BYTES) {
                return ctxt.reportInputMismatch(Id.class, "an id has %d bytes, got %d", Id.BYTES, bytes.length);
            }
            return Id.fromBytes(bytes);
        }
    }

    private static final class IdKeyDeserializer extends KeyDeserializer {
        @Override
        public Object deserializeKey(String key, DeserializationContext ctxt) throws IOException {
            return parseHex(key, ctxt);
        }
    }

    private static Id parseHex(String hex, DeserializationContext ctxt) throws IOException {
        try {
            return Id.fromHex(hex);
        } catch (IllegalArgumentException e) {
            return ctxt.reportInputMismatch(Id.class, "not a 40-digit hexadecimal id");
        }
    }
}
