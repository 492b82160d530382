package io.sen2cor.operator.argocd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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

    static final Path DIR = Projects.dir().resolve("src/main/argocd");
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

    /** Runs a health script with {@code obj} bound to the given object; returns "status: message". */
    static String health(String script, String objectJson) throws IOException {
        Globals globals = argoCdSandbox();
        globals.set("obj", toLua(JSON.readTree(objectJson)));
        LuaValue hs = globals.load(Files.readString(DIR.resolve(script))).call();
        assertThat(ARGO_CD_STATUSES).as("a health status Argo CD accepts").contains(hs.get("status").tojstring());
        return hs.get("status").tojstring() + ": " + hs.get("message").tojstring();
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

    static String env(String status) {
        return "{\"metadata\":{\"name\":\"s2-spot\",\"generation\":2},\"status\":" + status + "}";
    }

    static String cond(String type, String status, String reason, String message) {
        return "{\"type\":\"" + type + "\",\"status\":\"" + status + "\",\"reason\":\"" + reason + "\",\"message\":\"" + message + "\"}";
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "{}|Progressing: Waiting for the operator",
            "{\"observedGeneration\":1,\"conditions\":[READY_TRUE]}|Progressing: Waiting for the operator to act on generation 2",
            "{\"observedGeneration\":2,\"conditions\":[READY_TRUE]}|Healthy: job queue ready",
            "{\"observedGeneration\":2,\"conditions\":[READY_TRUE,WARNING]}|Healthy: job queue ready; ReplacementPending: needs replacement",
            "{\"observedGeneration\":2,\"conditions\":[READY_FALSE_PROGRESS]}|Progressing: creating compute environment",
            "{\"observedGeneration\":2,\"conditions\":[READY_FALSE_CONFLICT,DEGRADED]}|Degraded: NameConflict: taken",
            "{\"observedGeneration\":2,\"conditions\":[READY_FALSE_BACKEND]}|Degraded: BackendUnavailable: no backend"})
    void batchEnvironment(String status, String expected) throws IOException {
        String s = status.replace("READY_TRUE", cond("Ready", "True", "Ready", "job queue ready"))
                .replace("READY_FALSE_PROGRESS", cond("Ready", "False", "Progressing", "creating compute environment"))
                .replace("READY_FALSE_CONFLICT", cond("Ready", "False", "NameConflict", "taken"))
                .replace("DEGRADED", cond("Degraded", "True", "NameConflict", "taken"))
                .replace("WARNING", cond("Warning", "True", "ReplacementPending", "needs replacement"))
                .replace("READY_FALSE_BACKEND", cond("Ready", "False", "BackendUnavailable", "no backend"));
        assertThat(health("health-batchenvironment.lua", env(s))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{2}")
    @CsvSource(delimiter = '|', value = {
            "false|{\"phase\":\"Succeeded\",\"progress\":\"10/10\"}|Healthy: Succeeded 10/10",
            "false|{\"phase\":\"Running\",\"progress\":\"3/10\",\"conditions\":[READY_TRUE]}|Progressing: Running 3/10",
            "false|{\"phase\":\"PartiallySucceeded\",\"progress\":\"10/10\",\"scenes\":{\"failed\":2}}|Degraded: PartiallySucceeded: 2 scene(s) failed (10/10)",
            "false|{\"phase\":\"Failed\",\"progress\":\"1/1\",\"scenes\":{\"failed\":1}}|Degraded: Failed: 1 scene(s) failed (1/1)",
            "false|{\"phase\":\"Pending\",\"progress\":\"0/1\",\"conditions\":[NOT_READY_ENV]}|Progressing: Pending 0/1",
            "false|{\"phase\":\"Pending\",\"progress\":\"0/1\",\"conditions\":[OUTPUT]}|Degraded: OutputNotAllowed: not allowed",
            "false|{\"phase\":\"Running\",\"progress\":\"0/5\",\"conditions\":[READY_TRUE,STUCK]}|Degraded: 5 scene(s) have not started",
            "true|{\"phase\":\"Running\",\"progress\":\"3/10\"}|Suspended: spec.suspend is true",
            "true|{\"phase\":\"Succeeded\",\"progress\":\"10/10\"}|Healthy: Succeeded 10/10",
            "false|{\"phase\":\"Failed\",\"progress\":\"0/1\",\"scenes\":{\"failed\":0},\"conditions\":[INVALID]}|Degraded: Failed: InvalidSpec: bad name",
            "false|{\"phase\":\"Running\",\"observedGeneration\":1,\"progress\":\"3/10\"}|Progressing: Waiting for the operator to act on generation 2",
            "false|{\"phase\":\"Cancelled\",\"progress\":\"3/10\"}|Suspended: Cancelled 3/10"})
    void sen2CorJob(boolean suspend, String status, String expected) throws IOException {
        String s = status.replace("READY_TRUE", cond("Ready", "True", "Ready", "running"))
                .replace("NOT_READY_ENV", cond("Ready", "False", "EnvironmentNotReady", "waiting"))
                .replace("OUTPUT", cond("Ready", "False", "OutputNotAllowed", "not allowed"))
                .replace("STUCK", cond("Warning", "True", "ScenesNotStarting", "5 scene(s) have not started"))
                .replace("INVALID", cond("Ready", "False", "InvalidSpec", "bad name"));
        String job = "{\"metadata\":{\"name\":\"j\",\"generation\":2},\"spec\":{\"suspend\":" + suspend + "},\"status\":" + s + "}";
        assertThat(health("health-sen2corjob.lua", job)).isEqualTo(expected);
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

    @Test
    void everyWarningReasonTheOperatorWritesIsKnownToTheChecks() throws IOException {
        String env = Files.readString(DIR.resolve("health-batchenvironment.lua"));
        String job = Files.readString(DIR.resolve("health-sen2corjob.lua"));
        Set<String> conditionWarnings = Arrays.stream(ConditionReason.values()).filter(ConditionReason::isWarning).map(Enum::name)
                // reasons of the separate Warning condition never appear in a Ready or Degraded condition
                .filter(r -> !Set.of("CompletedWithFailures", "ReplacementPending", "ScaleDownPending").contains(r))
                .collect(Collectors.toSet());
        assertThat(conditionWarnings).allSatisfy(r -> assertThat(env.contains(r + "=true") || job.contains(r + "=true"))
                .as(r + " in one of the health checks").isTrue());
    }

    @Test
    void thePatchAndTheHelmValuesCarryExactlyTheseScriptsAndNothingElse() throws IOException {
        var yaml = new ObjectMapper(new YAMLFactory());
        JsonNode patch = yaml.readTree(DIR.resolve("argocd-cm-patch.yaml").toFile());
        JsonNode values = yaml.readTree(DIR.resolve("argocd-values.yaml").toFile());
        assertThat(patch.fieldNames()).toIterable().as("a merge patch of data only: no name, labels or kind")
                .containsExactly("data");
        for (JsonNode keys : List.of(patch.get("data"), values.get("configs").get("cm"))) {
            assertThat(keys.fieldNames()).toIterable().containsExactlyInAnyOrder(
                    "resource.customizations.health.sen2cor.io_BatchEnvironment",
                    "resource.customizations.health.sen2cor.io_Sen2CorJob");
            assertThat(keys.get("resource.customizations.health.sen2cor.io_BatchEnvironment").asText())
                    .isEqualTo(Files.readString(DIR.resolve("health-batchenvironment.lua")));
            assertThat(keys.get("resource.customizations.health.sen2cor.io_Sen2CorJob").asText())
                    .isEqualTo(Files.readString(DIR.resolve("health-sen2corjob.lua")));
        }
    }
}
