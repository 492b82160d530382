package io.sen2cor.operator.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.sen2cor.operator.api.Sen2CorJob;
import io.sen2cor.operator.testing.LocalOperator;
import io.sen2cor.operator.testing.Projects;
import io.sen2cor.operator.work.RunnerEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The GIPP the runner hands Sen2Cor carries the Sen2CorJob's DEM settings, not the installer's defaults. */
class GippRenderingTest {

    @TempDir
    Path work;

    String render(Sen2CorJob job) throws Exception {
        Map<String, String> env = new HashMap<>(RunnerEnvironment.of(job, "s3://eo-l2a/_sen2cor/m.txt", 0, "Spot"));
        env.put(RunnerSettings.GIPP_TEMPLATE, Projects.dir().resolve("src/test/resources/runner/L2A_GIPP.xml").toString());
        var sen2cor = new Sen2CorProcess(RunnerSettings.fromEnvironment(env), new PrintStream(PrintStream.nullOutputStream()));
        return Files.readString(sen2cor.renderGipp(work.resolve("cfg-" + System.nanoTime())));
    }

    @Test
    void theSpecsDemReferenceIsRenderedAndWithoutOneNoDownloadSourceRemains() throws Exception {
        Sen2CorJob job = LocalOperator.example("sen2corjob-kenya.yaml", Sen2CorJob.class);
        job.getSpec().getSen2cor().getDem().setReference("https://copernicus-dem-30m.s3.amazonaws.com/");

        String withReference = render(job);
        assertThat(withReference).contains("<DEM_Directory>" + job.getSpec().getSen2cor().getDem().getDirectory() + "</DEM_Directory>")
                .contains("<DEM_Reference>https://copernicus-dem-30m.s3.amazonaws.com/</DEM_Reference>")
                .contains("<Force_Exit_On_DEM_Error>TRUE</Force_Exit_On_DEM_Error>");

        job.getSpec().getSen2cor().getDem().setReference(null);
        assertThat(render(job)).as("the template's CGIAR URL is not kept").doesNotContain("cgiar")
                .containsPattern("<DEM_Reference\\s*/>|<DEM_Reference></DEM_Reference>");
    }

    @Test
    void copernicusDemFromItsPublicBucketAsSen2Cor212Fetches() throws Exception {
        Sen2CorJob job = LocalOperator.example("sen2corjob-kenya.yaml", Sen2CorJob.class);
        job.getSpec().getSen2cor().getDem().setCopernicus("90m");

        assertThat(render(job)).contains("<DEM_Reference>https://copernicus-dem-90m.s3.eu-central-1.amazonaws.com/</DEM_Reference>")
                .containsPattern("<DEM_Directory>[^<]*/dem/CopernicusDEM90_AWS</DEM_Directory>");
    }
}
