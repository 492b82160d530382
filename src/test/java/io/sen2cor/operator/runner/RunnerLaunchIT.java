package io.sen2cor.operator.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import io.sen2cor.operator.testing.Projects;

/**
 * After packaging: the runner starts the way the image's ENTRYPOINT starts it (plain java on the Quarkus build's
 * app and lib jars, no Quarkus), reads its environment and exits with the configuration code when it is missing.
 */
class RunnerLaunchIT {

    @Test
    void startsFromThePackagedJarsLikeTheImageEntrypoint() throws IOException, InterruptedException {
        Path app = Projects.dir().resolve("target/quarkus-app");
        assertThat(app.resolve("app")).isDirectory();
        String classpath = app.resolve("app") + "/*:" + app.resolve("lib/main") + "/*";
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classpath,
                "io.sen2cor.operator.runner.Runner").redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isEqualTo(RunnerContract.EXIT_CONFIG);
        assertThat(out).contains("SEN2COR_MANIFEST_URI is not set");
        assertThat(Files.readString(Projects.dir().resolve("src/main/docker/runner.Dockerfile")))
                .contains("\"-cp\", \"/opt/runner/app/*:/opt/runner/lib/*\", \"io.sen2cor.operator.runner.Runner\"");
    }
}
