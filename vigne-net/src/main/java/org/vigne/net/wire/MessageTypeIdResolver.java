package org.vigne.net.wire;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.DatabindContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.jsontype.impl.TypeIdResolverBase;

/**
 * Writes a message's registered type code where Jackson puts a polymorphic type id, and reads it
 * back, so a field declared as {@code Message} (or any message family) carries any registered
 * record. Unknown codes, and codes whose class does not fit the declared field type, resolve to
 * nothing, which Jackson reports as an invalid type id: a peer can never name a class itself.
 */
final class MessageTypeIdResolver extends TypeIdResolverBase {
    private final MessageTypes types;

    MessageTypeIdResolver(MessageTypes types) {
        this.types = types;
    }

    @Override
    public String idFromValue(Object value) {
        return idFromValueAndType(value, value.getClass());
    }

    @Override
    public String idFromValueAndType(Object value, Class<?> suggestedType) {
        String id = types.idOf(suggestedType);
        if (id == null) {
            throw new IllegalArgumentException("message class " + suggestedType.getName()
                    + " is not registered with the codec");
        }
        return id;
    }

    @Override
    public JavaType typeFromId(DatabindContext context, String id) {
        int code;
        try {
            code = Integer.parseInt(id);
        } catch (NumberFormatException e) {
            return null;
        }
        Class<?> type = types.typeOf(code);
        if (type == null || (_baseType != null && !_baseType.getRawClass().isAssignableFrom(type))) {
            return null;
        }
        return context.constructType(type);
    }

    @Override
    public String getDescForKnownTypeIds() {
        return types.size() + " registered message type codes";
    }

    @Override
    public JsonTypeInfo.Id getMechanism() {
        return JsonTypeInfo.Id.CUSTOM;
    }
}
