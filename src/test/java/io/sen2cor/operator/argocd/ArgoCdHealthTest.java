package io.sen2cor.operator.argocd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LoadState;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.PackageLib;
import org.luaj.vm2.lib.TableLib;
import org.luaj.vm2.lib.jse.JseBaseLib;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sen2cor.operator.status.ConditionReason;
import io.sen2cor.operator.testing.Projects;

/**
 * The Argo CD health checks (Lua) against status samples, run with LuaJ in the sandbox Argo CD gives argocd-cm health
 * scripts in gopher-lua: the base, table and package libraries only (no string, math, io or os unless an operator
 * turns on useOpenLibs), and a status Argo CD knows.
 */
class ArgoCdHealthTest {

    /** Argo CD's resource_customizations layout, so the checks and their cases can be offered upstream as they are. */
    static final Path DIR = Projects.dir().resolve("src/main/argocd/sen2cor.io");
    static final List<String> KINDS = List.of("BatchEnvironment", "Sen2CorJob", "Sen2CorSubscription");
    static final Path ARGOCD = Projects.dir().resolve("src/main/argocd");
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final ObjectMapper JSON = new ObjectMapper();

    /** The statuses Argo CD's health assessment knows. */
    static final Set<String> ARGO_CD_STATUSES = Set.of("Healthy", "Progressing", "Degraded", "Suspended", "Missing",
            "Unknown");

    /** The libraries Argo CD opens for argocd-cm health scripts (base, package, table). */
    static Globals argoCdSandbox() {
        Globals globals = new Globals();
        globals.load(new JseBaseLib());
        globals.load(new PackageLib());
        globals.load(new TableLib());
        LoadState.install(globals);
        LuaC.install(globals);
        return globals;
    }

    /** Runs {@code <Kind>/health.lua} with {@code obj} bound to the object; returns "status: message". */
    static String health(String kind, JsonNode object) throws IOException {
        Globals globals = argoCdSandbox();
        globals.set("obj", toLua(object));
        LuaValue hs = globals.load(Files.readString(DIR.resolve(kind).resolve("health.lua"))).call();
        assertThat(ARGO_CD_STATUSES).as("a health status Argo CD accepts").contains(hs.get("status").tojstring());
        return hs.get("status").tojstring() + ": " + hs.get("message").tojstring();
    }

    /** Every case of Argo CD's layout: {@code <Kind>/health_test.yaml} naming {@code testdata/*.yaml} inputs. */
    static Stream<Arguments> cases() throws IOException {
        List<Arguments> all = new ArrayList<>();
        for (String kind : KINDS) {
            JsonNode tests = YAML.readTree(DIR.resolve(kind).resolve("health_test.yaml").toFile()).get("tests");
            for (JsonNode test : tests) {
                all.add(Arguments.of(kind, test.get("inputPath").asText(), test.path("healthStatus").path("status").asText()
                        + ": " + test.path("healthStatus").path("message").asText()));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void healthTestYamlCasesAsArgoCdRunsThem(String kind, String input, String expected) throws IOException {
        JsonNode object = YAML.readTree(DIR.resolve(kind).resolve(input).toFile());
        assertThat(object.path("kind").asText()).isEqualTo(kind);
        assertThat(health(kind, object)).isEqualTo(expected);
    }

    @Test
    void everyTestdataFileIsACase() throws IOException {
        for (String kind : KINDS) {
            Set<String> listed = new java.util.HashSet<>();
            YAML.readTree(DIR.resolve(kind).resolve("health_test.yaml").toFile()).get("tests")
                    .forEach(t -> listed.add(t.get("inputPath").asText()));
            try (Stream<Path> files = Files.list(DIR.resolve(kind).resolve("testdata"))) {
                assertThat(files.map(f -> "testdata/" + f.getFileName())).as(kind).allMatch(listed::contains);
            }
        }
    }

    static LuaValue toLua(JsonNode node) {
        if (node.isObject()) {
            LuaTable t = new LuaTable();
            node.fields().forEachRemaining(e -> t.set(e.getKey(), toLua(e.getValue())));
            return t;
        }
        if (node.isArray()) {
            LuaTable t = new LuaTable();
            for (int i = 0; i < node.size(); i++) {
                t.set(i + 1, toLua(node.get(i)));
            }
            return t;
        }
        if (node.isBoolean()) {
            return LuaValue.valueOf(node.asBoolean());
        }
        if (node.isNumber()) {
            return LuaValue.valueOf(node.asDouble());
        }
        return node.isNull() ? LuaValue.NIL : LuaValue.valueOf(node.asText());
    }

    @Test
    void theSandboxHasNoStringMathOrOsLibrary() {
        Globals globals = argoCdSandbox();
        for (String library : List.of("string", "math", "os", "io")) {
            assertThat(globals.get(library).isnil()).as(library).isTrue();
        }
        assertThat(globals.get("ipairs").isnil()).isFalse();
        assertThat(globals.get("table").isnil()).isFalse();
    }

    /**
     * The reasons that make a resource Degraded: every reason that is not OK (ConditionReason.Kind). The checks' tables
     * are generated from the enum, never kept by hand (a reason missing there would show Progressing for ever);
     * {@code -Dargocd.update=true} rewrites them in the scripts, the argocd-cm patch and the Helm values.
     */
    static String degradingTable(String indent) {
        List<String> entries = Arrays.stream(ConditionReason.values()).filter(r -> r.kind() != ConditionReason.Kind.OK)
                .map(r -> r.name() + "=true").toList();
        StringBuilder out = new StringBuilder("local warnings = {");
        // wrapped at the same points wherever it stands, so the YAML copies hold the script as it is
        int column = out.length();
        for (int i = 0; i < entries.size(); i++) {
            String entry = entries.get(i) + (i < entries.size() - 1 ? "," : "}");
            if (column + entry.length() + 1 > 112) {
                out.append("\n").append(indent).append("  ");
                column = 2;
            } else if (i > 0) {
                out.append(' ');
                column++;
            }
            out.append(entry);
            column += entry.length();
        }
        return out.toString();
    }

    static final java.util.regex.Pattern TABLE = java.util.regex.Pattern.compile("(?m)^( *)local warnings = \\{[^}]*\\}");

    @Test
    void theReasonTablesAreGeneratedFromTheConditionReasons() throws IOException {
        List<Path> files = List.of(DIR.resolve("BatchEnvironment/health.lua"), DIR.resolve("Sen2CorJob/health.lua"),
                DIR.resolve("Sen2CorSubscription/health.lua"), ARGOCD.resolve("argocd-cm-patch.yaml"), ARGOCD.resolve("argocd-values.yaml"));
        for (Path file : files) {
            String text = Files.readString(file);
            var m = TABLE.matcher(text);
            StringBuilder updated = new StringBuilder();
            int tables = 0;
            while (m.find()) {
                tables++;
                m.appendReplacement(updated, java.util.regex.Matcher.quoteReplacement(m.group(1) + degradingTable(m.group(1))));
            }
            m.appendTail(updated);
            assertThat(tables).as(file + ": one table per script").isPositive();
            if (Boolean.getBoolean("argocd.update")) {
                Files.writeString(file, updated.toString());
            } else {
                assertThat(text).as(file + " is stale: run ./mvnw -pl src/operator test -Dtest=ArgoCdHealthTest -Dargocd.update=true")
                        .isEqualTo(updated.toString());
            }
        }
    }

    @Test
    void thePatchAndTheHelmValuesCarryExactlyTheseScriptsAndNothingElse() throws IOException {
        var yaml = new ObjectMapper(new YAMLFactory());
        JsonNode patch = yaml.readTree(ARGOCD.resolve("argocd-cm-patch.yaml").toFile());
        JsonNode values = yaml.readTree(ARGOCD.resolve("argocd-values.yaml").toFile());
        assertThat(patch.fieldNames()).toIterable().as("a merge patch of data only: no name, labels or kind")
                .containsExactly("data");
        for (JsonNode keys : List.of(patch.get("data"), values.get("configs").get("cm"))) {
            assertThat(keys.fieldNames()).toIterable().containsExactlyInAnyOrder(
                    "resource.customizations.health.sen2cor.io_BatchEnvironment",
                    "resource.customizations.health.sen2cor.io_Sen2CorJob",
                    "resource.customizations.health.sen2cor.io_Sen2CorSubscription");
            for (String kind : KINDS) {
                assertThat(keys.get("resource.customizations.health.sen2cor.io_" + kind).asText())
                        .isEqualTo(Files.readString(DIR.resolve(kind + "/health.lua")));
            }
        }
    }
}
