package org.vigne.apps.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.vigne.core.Durations;

/**
 * One node of a parsed spec with its path ({@code components[2].command}), and the strict reads a
 * spec is made of: a mapping with known fields only, whole numbers, durations with a unit, lists
 * and maps of scalars. Every failure is a {@link SpecException} naming the path.
 */
final class SpecTree {
    private final JsonNode node;
    private final String path;

    SpecTree(JsonNode node, String path) {
        this.node = node;
        this.path = path;
    }

    String path() {
        return path;
    }

    boolean isMissing() {
        return node == null || node.isMissingNode() || node.isNull();
    }

    boolean isArray() {
        return !isMissing() && node.isArray();
    }

    boolean isObject() {
        return !isMissing() && node.isObject();
    }

    boolean isText() {
        return !isMissing() && node.isTextual();
    }

    SpecException problem(String problem) {
        return new SpecException(path, problem);
    }

    /** This mapping, after checking it has only {@code known} fields (and the {@code required} ones). */
    SpecTree object(Set<String> known, String... required) {
        if (!isObject()) {
            throw problem("must be a mapping of " + String.join(", ", known) + ", got " + describe());
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!known.contains(f)) {
                throw child(f).problem("unknown field (expected one of: " + String.join(", ", known) + ")");
            }
        }
        for (String r : required) {
            if (field(r).isMissing()) {
                throw child(r).problem("is required");
            }
        }
        return this;
    }

    /** The field {@code name} of this mapping (possibly missing). */
    SpecTree field(String name) {
        return new SpecTree(node.get(name), child(name).path);
    }

    private SpecTree child(String name) {
        return new SpecTree(null, path.isEmpty() ? name : path + "." + name);
    }

    /** The elements of this list. */
    List<SpecTree> elements() {
        if (!isArray()) {
            throw problem("must be a list, got " + describe());
        }
        List<SpecTree> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            out.add(new SpecTree(node.get(i), path + "[" + i + "]"));
        }
        return out;
    }

    /** A string (required). */
    String text() {
        if (!isText()) {
            throw problem("must be a string, got " + describe());
        }
        return node.textValue();
    }

    /** A string, or {@code otherwise} when missing. */
    String text(String otherwise) {
        return isMissing() ? otherwise : text();
    }

    /** A scalar read as text: strings as they are, numbers and booleans as written. */
    String scalar() {
        if (isMissing() || !(node.isTextual() || node.isNumber() || node.isBoolean())) {
            throw problem("must be a string, number or boolean, got " + describe());
        }
        return node.asText();
    }

    /** A whole number that fits an int, or {@code otherwise} when missing. */
    int integer(int otherwise) {
        if (isMissing()) {
            return otherwise;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw problem("must be a whole number, got " + describe());
        }
        return node.intValue();
    }

    /** A duration with a unit ({@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h}), or {@code otherwiseMs} when missing. */
    long durationMs(long otherwiseMs) {
        if (isMissing()) {
            return otherwiseMs;
        }
        if (!node.isTextual()) {
            throw problem("must be a duration with a unit (e.g. 500ms, 10s, 2m), got " + describe());
        }
        try {
            return Durations.parseMs(node.textValue());
        } catch (IllegalArgumentException e) {
            throw problem(e.getMessage());
        }
    }

    /** A list of scalars as text (empty when missing). */
    List<String> scalarList() {
        List<String> out = new ArrayList<>();
        if (isMissing()) {
            return out;
        }
        for (SpecTree e : elements()) {
            out.add(e.scalar());
        }
        return out;
    }

    /** A mapping of names to scalars, sorted by name (empty when missing). */
    TreeMap<String, String> scalarMap() {
        TreeMap<String, String> out = new TreeMap<>();
        if (isMissing()) {
            return out;
        }
        if (!isObject()) {
            throw problem("must be a mapping of names to values, got " + describe());
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            out.put(e.getKey(), field(e.getKey()).scalar());
        }
        return out;
    }

    /** One of {@code choices} (a string), or {@code otherwise} when missing. */
    String choice(Set<String> choices, String otherwise) {
        if (isMissing()) {
            return otherwise;
        }
        String v = text();
        if (!choices.contains(v)) {
            throw problem("must be one of " + String.join(", ", choices) + ", got \"" + v + "\"");
        }
        return v;
    }

    static Set<String> names(String... names) {
        return new LinkedHashSet<>(List.of(names));
    }

    private String describe() {
        if (isMissing()) {
            return "nothing";
        }
        if (node.isTextual()) {
            return "\"" + node.textValue() + "\"";
        }
        if (node.isArray()) {
            return "a list";
        }
        if (node.isObject()) {
            return "a mapping";
        }
        return node.toString();
    }
}
