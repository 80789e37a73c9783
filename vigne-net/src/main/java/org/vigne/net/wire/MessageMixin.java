package org.vigne.net.wire;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.annotation.JsonTypeIdResolver;

/**
 * Jackson mix-in for {@link org.vigne.core.Message}: every message value is written as
 * {@code [typeCode, {fields}]}, so messages nest polymorphically without vigne-core knowing
 * about Jackson.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.CUSTOM, include = JsonTypeInfo.As.WRAPPER_ARRAY)
@JsonTypeIdResolver(MessageTypeIdResolver.class)
interface MessageMixin {
}
