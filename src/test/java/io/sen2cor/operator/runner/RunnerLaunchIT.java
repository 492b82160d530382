package io.sen2cor.operator.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.sen2cor.operator.contract.RunnerContract;
import io.sen2cor.operator.testing.MotoServer;
import io.sen2cor.operator.testing.Projects;
import io.sen2cor.operator.testing.WithMoto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After packaging: the runner started exactly as the image's ENTRYPOINT starts it, on the runner module's own jar
 * and dependency set (src/runner/target: sen2cor-runner.jar and lib/), nothing of the operator. It runs a whole scene
 * against moto's S3 with the stand-in L2A_Process, so creating AWS clients, S3 transfers and result.json are covered,
 * and it exits with the configuration code when its environment is missing.
 */
@WithMoto
class RunnerLaunchIT {

    static final Path RUNNER = Projects.dir().resolve("src/runner/target");

    @TempDir
    Path work;

    static Process launch(Map<String, String> env) throws IOException {
        String classpath = RUNNER.resolve("sen2cor-runner.jar") + ":" + RUNNER.resolve("lib") + "/*";
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                classpath, "io.sen2cor.operator.runner.Runner").redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().put("PATH", System.getenv("PATH"));
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        return p;
    }

    @Test
    void aSceneSucceedsOnTheRunnersOwnJarsLikeTheImageEntrypoint(MotoServer moto) throws Exception {
        RunnerTest fixture = new RunnerTest();
        fixture.work = work;
        fixture.setUp(moto);
        fixture.awsL1CProduct();

        Process p = launch(fixture.env("ok", "awsL1C"));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(p.waitFor()).as(out).isZero();
        assertThat(fixture.result().get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(Files.readString(Projects.dir().resolve("src/main/docker/runner.Dockerfile")))
                .contains("\"-cp\", \"/opt/runner/sen2cor-runner.jar:/opt/runner/lib/*\", \"io.sen2cor.operator.runner.Runner\"");
    }

    @Test
    void itsDependencySetHoldsNothingOfTheOperator() throws IOException {
        List<String> jars;
        try (Stream<Path> lib = Files.list(RUNNER.resolve("lib"))) {
            jars = lib.map(f -> f.getFileName().toString()).sorted().toList();
        }
        assertThat(jars).anyMatch(j -> j.startsWith("s3-")).anyMatch(j -> j.startsWith("url-connection-client-"))
                .noneMatch(j -> j.startsWith("quarkus") || j.startsWith("operator-framework") || j.startsWith("kubernetes-")
                        || j.startsWith("apache-client") || j.startsWith("apache5-client") || j.startsWith("netty")
                        || j.startsWith("sen2cor-operator"));
    }

    @Test
    void exitsWithTheConfigurationCodeWhenItsEnvironmentIsMissing() throws Exception {
        Process p = launch(Map.of());
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isEqualTo(RunnerContract.EXIT_CONFIG);
        assertThat(out).contains("SEN2COR_MANIFEST_URI is not set");
    }
}
