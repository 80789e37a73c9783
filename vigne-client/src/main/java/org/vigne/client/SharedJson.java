package org.vigne.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * JSON values in shared objects, through Jackson (an optional dependency of this library: a
 * component that uses this class puts jackson-databind on its class path).
 */
public final class SharedJson {
    private final ObjectMapper mapper;

    public SharedJson() {
        this(new ObjectMapper());
    }

    public SharedJson(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The object's value as a {@code type}; null when the object is empty. */
    public <T> T read(SharedObject o, Class<T> type) {
        byte[] v = o.read();
        if (v.length == 0) {
            return null;
        }
        try {
            return mapper.readValue(v, type);
        } catch (IOException e) {
            throw new VigneException(200, "object " + o.name() + " does not hold a JSON " + type.getSimpleName() + ": "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    /** Writes {@code value} as JSON. */
    public void write(SharedObject o, Object value) {
        o.write(bytes(value));
    }

    /** Writes {@code value} as JSON if the object holds exactly the JSON bytes of {@code expected}. */
    public boolean compareAndSet(SharedObject o, Object expected, Object value) {
        return o.compareAndSet(bytes(expected), bytes(value));
    }

    private byte[] bytes(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + value.getClass().getSimpleName() + " as JSON: "
                    + e.getOriginalMessage(), e);
        }
    }
}
