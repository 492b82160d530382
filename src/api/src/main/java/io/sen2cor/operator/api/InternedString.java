package io.sen2cor.operator.api;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;

/**
 * Reads a string as its one canonical copy. A Sen2CorJob's product ids are held by the operator in more than one
 * copy of the job (its informer cache and JOSDK's copies of recent status writes); interned, each id is one String
 * however many copies refer to it (docs/operations.md, "Footprint"). Interned strings are collected once unused.
 */
public final class InternedString extends StdDeserializer<String> {

    public InternedString() {
        super(String.class);
    }

    @Override
    public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        String value = p.getValueAsString();
        return value == null ? null : value.intern();
    }
}
