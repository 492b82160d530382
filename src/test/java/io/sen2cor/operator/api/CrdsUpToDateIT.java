package io.sen2cor.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.sen2cor.operator.testing.Projects;

/**
 * Runs after `package`, when the Quarkus build has generated the CRDs from the Java model into
 * target/kubernetes: the committed crds/ must be identical. Fix a failure with
 * {@code ./mvnw -Pupdate-crds package -DskipTests} and commit crds/.
 */
class CrdsUpToDateIT {

    @Test
    void committedCrdsMatchTheGeneratedOnes() throws IOException {
        Path generated = Path.of(System.getProperty("test.sen2cor.generated.crds.dir", "target/kubernetes"));
        List<Path> crds;
        try (Stream<Path> files = Files.list(generated)) {
            crds = files.filter(p -> p.getFileName().toString().endsWith(".sen2cor.io-v1.yml")).sorted().toList();
        }
        assertThat(crds).extracting(p -> p.getFileName().toString())
                .containsExactly("batchenvironments.sen2cor.io-v1.yml", "sen2corjobs.sen2cor.io-v1.yml",
                        "sen2corsubscriptions.sen2cor.io-v1.yml");
        try (Stream<Path> files = Files.list(Projects.dir().resolve("crds"))) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
                    .as("crds/ holds exactly the generated CRDs")
                    .containsExactlyElementsOf(crds.stream().map(p -> p.getFileName().toString()).toList());
        }
        for (Path crd : crds) {
            assertThat(Files.readString(Projects.dir().resolve("crds").resolve(crd.getFileName())))
                    .as("crds/%s is stale: run ./mvnw -Pupdate-crds package -DskipTests and commit crds/", crd.getFileName())
                    .isEqualTo(Files.readString(crd));
        }
    }
}
