package io.sen2cor.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.sen2cor.operator.testing.CrdSchema;
import io.sen2cor.operator.testing.Projects;

/** Every file in examples/ is valid against the committed CRD schema, CEL rules included. */
class ExamplesTest {

    static Stream<Path> examples() throws IOException {
        try (Stream<Path> files = Files.list(Projects.dir().resolve("examples"))) {
            List<Path> yaml = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
            assertThat(yaml).as("examples/").isNotEmpty();
            return yaml.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("examples")
    void exampleIsValid(Path file) {
        JsonNode manifest = CrdSchema.readYaml(file);
        String plural = Map.of("BatchEnvironment", "batchenvironments", "Sen2CorJob", "sen2corjobs",
                "Sen2CorSubscription", "sen2corsubscriptions")
                .get(manifest.path("kind").asText());
        assertThat(plural).as("kind of " + file).isNotNull();
        assertThat(CrdSchema.forPlural(plural).validate(manifest)).as(file.toString()).isEmpty();
    }
}
