package io.sen2cor.operator.testing.awsmodel;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Checks one request's members against an AWS service model the way AWS's front end does, not the way botocore's
 * client-side validator does: besides required and unknown members and types, it checks what botocore skips
 * (maximum lengths, counts and values, enums, patterns). Pure: model and members in, violations out.
 */
public final class ModelCheck {

    private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

    private ModelCheck() {
    }

    /** Violations of {@code operation}'s input shape in {@code model}, each naming the member path. */
    public static List<String> violations(JsonNode model, String operation, Map<String, Object> members) {
        JsonNode op = model.path("operations").path(operation);
        if (op.isMissingNode()) {
            return List.of(operation + " is not an operation of " + model.path("metadata").path("serviceId").asText());
        }
        List<String> found = new ArrayList<>();
        if (op.path("input").has("shape")) {
            check(model.path("shapes"), op.path("input").path("shape").asText(), members, operation, found);
        } else if (!members.isEmpty()) {
            found.add(operation + " takes no input but got " + members.keySet());
        }
        return found;
    }

    private static void check(JsonNode shapes, String shapeName, Object value, String path, List<String> found) {
        JsonNode shape = shapes.path(shapeName);
        switch (shape.path("type").asText()) {
            case "structure" -> structure(shapes, shape, value, path, found);
            case "list" -> {
                if (!(value instanceof List<?> list)) {
                    found.add(path + ": expected a list, got " + describe(value));
                    return;
                }
                bounds(shape, list.size(), path, "item count", found);
                for (int i = 0; i < list.size(); i++) {
                    check(shapes, shape.path("member").path("shape").asText(), list.get(i), path + "[" + i + "]", found);
                }
            }
            case "map" -> {
                if (!(value instanceof Map<?, ?> map)) {
                    found.add(path + ": expected a map, got " + describe(value));
                    return;
                }
                bounds(shape, map.size(), path, "entry count", found);
                map.forEach((k, v) -> {
                    check(shapes, shape.path("key").path("shape").asText(), k, path + " key " + k, found);
                    check(shapes, shape.path("value").path("shape").asText(), v, path + "[" + k + "]", found);
                });
            }
            case "string" -> string(shape, value, path, found);
            case "integer", "long" -> {
                if (!(value instanceof Number number)) {
                    found.add(path + ": expected a number, got " + describe(value));
                    return;
                }
                bounds(shape, number.longValue(), path, "value", found);
            }
            default -> {
                // boolean, timestamp, blob, float, double: the SDK's types already fit
            }
        }
    }

    private static void structure(JsonNode shapes, JsonNode shape, Object value, String path, List<String> found) {
        if (!(value instanceof Map<?, ?> members)) {
            found.add(path + ": expected a structure, got " + describe(value));
            return;
        }
        for (JsonNode required : shape.path("required")) {
            if (members.get(required.asText()) == null) {
                found.add(path + "." + required.asText() + ": required member missing");
            }
        }
        members.forEach((name, memberValue) -> {
            JsonNode member = shape.path("members").path(String.valueOf(name));
            if (member.isMissingNode()) {
                found.add(path + "." + name + ": not a member of " + fieldNames(shape));
            } else {
                check(shapes, member.path("shape").asText(), memberValue, path + "." + name, found);
            }
        });
    }

    private static void string(JsonNode shape, Object value, String path, List<String> found) {
        if (!(value instanceof String text)) {
            found.add(path + ": expected a string, got " + describe(value));
            return;
        }
        if (shape.has("enum")) {
            boolean known = false;
            for (JsonNode allowed : shape.path("enum")) {
                known |= allowed.asText().equals(text);
            }
            if (!known) {
                found.add(path + ": '" + text + "' is not one of " + shape.path("enum"));
            }
        }
        bounds(shape, text.codePointCount(0, text.length()), path, "length", found);
        if (shape.has("pattern")) {
            Pattern pattern = pattern(shape.path("pattern").asText());
            if (pattern != null && !pattern.matcher(text).find()) {
                found.add(path + ": '" + abbreviate(text) + "' does not match " + shape.path("pattern").asText());
            }
        }
    }

    private static void bounds(JsonNode shape, long actual, String path, String what, List<String> found) {
        if (shape.has("min") && actual < shape.path("min").asLong()) {
            found.add(path + ": " + what + " " + actual + " is below the minimum " + shape.path("min").asLong());
        }
        if (shape.has("max") && actual > shape.path("max").asLong()) {
            found.add(path + ": " + what + " " + actual + " is above the maximum " + shape.path("max").asLong());
        }
    }

    /** Model patterns are anchored by the service, not implicitly; a pattern Java cannot compile is not checked. */
    private static Pattern pattern(String regex) {
        return PATTERNS.computeIfAbsent(regex, r -> {
            try {
                return Pattern.compile(r);
            } catch (PatternSyntaxException e) {
                return Pattern.compile("");
            }
        });
    }

    private static String fieldNames(JsonNode shape) {
        List<String> names = new ArrayList<>();
        Iterator<String> it = shape.path("members").fieldNames();
        it.forEachRemaining(names::add);
        return names.toString();
    }

    private static String describe(Object value) {
        return value == null ? "null" : value.getClass().getSimpleName();
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
