package io.sen2cor.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.sen2cor.operator.testing.CrdSchema;
import io.sen2cor.operator.testing.Kubectl;
import io.sen2cor.operator.testing.LocalControlPlane;
import io.sen2cor.operator.testing.Projects;

/**
 * The bad-input table of {@link BadInputSchemaTest}, this time with the real kubectl against a real kube-apiserver
 * (cluster tier): every row is refused at admission, and the message the user sees names the problem. Our own CEL
 * messages must appear word for word; for the built-in OpenAPI checks the API server's wording is expected.
 */
class BadInputApiServerTest {

    /** networknt's wording (schema tier) to the API server's wording (what kubectl prints). */
    static final Map<String, String> API_SERVER_WORDING = new LinkedHashMap<>();

    static {
        API_SERVER_WORDING.put("does not match the regex pattern", "should match");
        API_SERVER_WORDING.put("must have at least", "should have at least");
        API_SERVER_WORDING.put("must have at most", "must have at most");
        API_SERVER_WORDING.put("must have a minimum value of", "should be greater than or equal to");
        API_SERVER_WORDING.put("must have a maximum value of", "should be less than or equal to");
        API_SERVER_WORDING.put("is not defined in the schema", "unknown field");
        API_SERVER_WORDING.put("string found, integer expected", "must be of type integer");
        API_SERVER_WORDING.put("string found, array expected", "must be of type array");
        API_SERVER_WORDING.put("boolean found, integer expected", "must be of type integer");
        API_SERVER_WORDING.put("must be at most", "Too long: may not be more than");
        API_SERVER_WORDING.put("does not have a value in the enumeration", "Unsupported value");
        API_SERVER_WORDING.put("required property", "Required value");
    }

    static LocalControlPlane cluster;

    @BeforeAll
    static void installCrds() {
        cluster = LocalControlPlane.get();
        Kubectl.Result applied = cluster.kubectl("apply", "--server-side", "-f", Projects.dir().resolve("crds").toString());
        assertThat(applied.exitCode()).as(applied.output()).isZero();
        Kubectl.Result established = cluster.kubectl("wait", "--for=condition=Established", "--timeout=60s",
                "crd/batchenvironments.sen2cor.io", "crd/sen2corjobs.sen2cor.io");
        assertThat(established.exitCode()).as(established.output()).isZero();
    }

    static Path write(JsonNode manifest) throws IOException {
        Path file = Files.createTempFile("bad-input", ".json");
        Files.writeString(file, new ObjectMapper().writeValueAsString(manifest));
        return file;
    }

    static String userWording(String schemaTierWording) {
        return API_SERVER_WORDING.entrySet().stream().filter(e -> schemaTierWording.startsWith(e.getKey()))
                .map(e -> e.getValue()).findFirst().orElse(schemaTierWording);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sen2cor.operator.api.BadInputSchemaTest#badInput")
    void refusedByTheRealApiServer(String name, CrdSchema schema, JsonNode manifest, Consumer<JsonNode> breakIt,
            String expected) throws IOException {
        breakIt.accept(manifest);
        // a name of its own: every row is a create, never an update of an earlier row's object
        ((com.fasterxml.jackson.databind.node.ObjectNode) manifest.get("metadata"))
                .put("name", "bad-" + Integer.toHexString(name.hashCode()));
        Kubectl.Result result = cluster.kubectl("apply", "-f", write(manifest).toString());
        System.out.printf("bad input [%s]: %s%n", name, result.output().strip());
        assertThat(result.exitCode()).as("kubectl apply of: " + name).isNotZero();
        assertThat(result.output()).as(name).contains(userWording(expected)).doesNotContain("created");
    }

    @Test
    void theExamplesApplyAndProductsCannotChangeAfterwards() throws IOException {
        Kubectl.Result examples = cluster.kubectl("apply", "-f", Projects.dir().resolve("examples").toString());
        assertThat(examples.exitCode()).as(examples.output()).isZero();
        assertThat(examples.output()).contains("batchenvironment.sen2cor.io/s2-spot", "sen2corjob.sen2cor.io/kenya-jan-2019");

        JsonNode changed = CrdSchema.readYaml(Projects.dir().resolve("examples/sen2corjob-kenya.yaml"));
        ((com.fasterxml.jackson.databind.node.ArrayNode) changed.at("/spec/products"))
                .add("S2B_MSIL1C_20190123T075221_N0207_R135_T36NXF_20190123T091707");
        Kubectl.Result update = cluster.kubectl("apply", "-f", write(changed).toString());
        assertThat(update.exitCode()).isNotZero();
        assertThat(update.output()).contains("products cannot change after submission; create a new Sen2CorJob");

        assertThat(cluster.kubectl("delete", "-f", Projects.dir().resolve("examples").toString(), "--wait=false")
                .exitCode()).isZero();
    }
}
