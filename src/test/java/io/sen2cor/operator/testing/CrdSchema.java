package io.sen2cor.operator.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;

/**
 * Validates a manifest the way the API server would against a committed CRD, without a server:
 * defaults applied first, then the OpenAPI schema (objects closed, as strict field validation does for
 * {@code kubectl apply}), then every x-kubernetes-validations CEL rule evaluated with CEL-Java. The
 * cluster tier checks the same table against a real kube-apiserver; this is the fast inner loop.
 */
public final class CrdSchema {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final CelCompiler CEL = CelCompilerFactory.standardCelCompilerBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar("self", SimpleType.DYN).addVar("oldSelf", SimpleType.DYN).build();
    private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().build();
    private static final Map<String, CelRuntime.Program> PROGRAMS = new ConcurrentHashMap<>();

    private final ObjectNode openApi;
    private final JsonSchema jsonSchema;

    private CrdSchema(ObjectNode openApi) {
        this.openApi = openApi;
        ObjectNode closed = openApi.deepCopy();
        // the root stays open: apiVersion, kind and metadata are validated by the API server itself
        closed.path("properties").forEach(CrdSchema::close);
        this.jsonSchema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(closed);
    }

    /** The schema of the committed CRD crds/{plural}.sen2cor.io-v1.yml. */
    public static CrdSchema forPlural(String plural) {
        return load(Projects.dir().resolve("crds").resolve(plural + ".sen2cor.io-v1.yml"));
    }

    public static CrdSchema load(Path crd) {
        try {
            JsonNode doc = YAML.readTree(Files.readString(crd));
            return new CrdSchema((ObjectNode) doc.at("/spec/versions/0/schema/openAPIV3Schema"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode readYaml(Path file) {
        try {
            return YAML.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Errors for a create; empty when the API server would accept the manifest. */
    public List<String> validate(JsonNode manifest) {
        return validate(manifest, null);
    }

    /** Errors for an update from {@code old} to {@code manifest} (transition rules included). */
    public List<String> validate(JsonNode manifest, JsonNode old) {
        JsonNode object = manifest.deepCopy();
        applyDefaults(openApi, object);
        JsonNode previous = old == null ? null : old.deepCopy();
        if (previous != null) {
            applyDefaults(openApi, previous);
        }
        List<String> errors = new ArrayList<>();
        jsonSchema.validate(object).forEach(m -> errors.add(m.getMessage()));
        // as the API server does: CEL rules still run after a pattern error, not after a wrong type or a string or
        // list above its maximum (the rules' cost estimate relies on those): "some validation rules were not checked"
        if (errors.stream().noneMatch(e -> e.contains(" found, ") && e.endsWith(" expected")
                || e.contains("characters long") && e.contains("at most") || e.contains("must have at most"))) {
            evaluateRules(openApi, object, previous, "", errors);
        }
        return errors;
    }

    /** Structural schemas prune unknown fields and kubectl's strict validation rejects them: model that. */
    private static void close(JsonNode schema) {
        if (!(schema instanceof ObjectNode node)) {
            return;
        }
        if (node.has("properties") && !node.has("additionalProperties")
                && !node.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
            node.put("additionalProperties", false);
        }
        node.path("properties").forEach(CrdSchema::close);
        close(node.path("items"));
        close(node.path("additionalProperties"));
    }

    private static void applyDefaults(JsonNode schema, JsonNode data) {
        if (data instanceof ObjectNode object) {
            schema.path("properties").fields().forEachRemaining(p -> {
                if (!object.has(p.getKey()) && p.getValue().has("default")) {
                    object.set(p.getKey(), p.getValue().get("default").deepCopy());
                }
                if (object.has(p.getKey())) {
                    applyDefaults(p.getValue(), object.get(p.getKey()));
                }
            });
        } else if (data != null && data.isArray()) {
            data.forEach(item -> applyDefaults(schema.path("items"), item));
        }
    }

    private static void evaluateRules(JsonNode schema, JsonNode data, JsonNode old, String path, List<String> errors) {
        if (data == null || data.isMissingNode() || data.isNull()) {
            return;
        }
        for (JsonNode rule : schema.path("x-kubernetes-validations")) {
            String expression = rule.get("rule").asText();
            boolean transition = expression.contains("oldSelf");
            if (transition && old == null) {
                continue; // transition rules only run on update
            }
            Map<String, Object> vars = new LinkedHashMap<>();
            vars.put("self", toCel(data));
            if (transition) {
                vars.put("oldSelf", toCel(old));
            }
            Object result;
            try {
                result = eval(expression, vars);
            } catch (IllegalStateException e) {
                if (errors.isEmpty()) {
                    throw e; // a rule that cannot judge valid input is a defect of the CRD
                }
                // a value the schema already refused (a malformed duration): the API server reports the failed
                // evaluation next to that error
                errors.add((path.isEmpty() ? "<root>" : path) + ": " + e.getMessage());
                continue;
            }
            if (!Boolean.TRUE.equals(result)) {
                errors.add((path.isEmpty() ? "<root>" : path) + ": " + rule.path("message").asText(expression));
            }
        }
        schema.path("properties").fields().forEachRemaining(p -> evaluateRules(p.getValue(), data.get(p.getKey()),
                old == null ? null : old.get(p.getKey()), path.isEmpty() ? p.getKey() : path + "." + p.getKey(), errors));
        if (data.isArray()) {
            for (int i = 0; i < data.size(); i++) {
                // old list items are correlated only for map-type lists; atomic lists get no oldSelf per item
                evaluateRules(schema.path("items"), data.get(i), null, path + "[" + i + "]", errors);
            }
        }
        if (schema.path("additionalProperties").isObject() && data.isObject()) {
            data.fields().forEachRemaining(f -> evaluateRules(schema.get("additionalProperties"), f.getValue(), null,
                    path + "[" + f.getKey() + "]", errors));
        }
    }

    private static Object eval(String expression, Map<String, Object> vars) {
        try {
            CelRuntime.Program program = PROGRAMS.computeIfAbsent(expression, e -> {
                try {
                    CelAbstractSyntaxTree ast = CEL.compile(e).getAst();
                    return RUNTIME.createProgram(ast);
                } catch (Exception ex) {
                    throw new IllegalStateException("CEL rule does not compile: " + e + ": " + ex.getMessage(), ex);
                }
            });
            return program.eval(vars);
        } catch (dev.cel.runtime.CelEvaluationException e) {
            throw new IllegalStateException("CEL rule failed to evaluate: " + expression + ": " + e.getMessage(), e);
        }
    }

    /** JSON as CEL sees it: integers are int (Long), objects maps, arrays lists. */
    private static Object toCel(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.fields().forEachRemaining(f -> map.put(f.getKey(), toCel(f.getValue())));
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(item -> list.add(toCel(item)));
            return list;
        }
        if (node.isIntegralNumber()) {
            return node.asLong();
        }
        if (node.isNumber()) {
            return node.asDouble();
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        return node.asText();
    }
}
