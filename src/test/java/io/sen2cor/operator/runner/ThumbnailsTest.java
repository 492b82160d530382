package io.sen2cor.operator.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.sen2cor.operator.testing.Command;
import io.sen2cor.operator.testing.Projects;

/**
 * The JPEG thumbnail made of Sen2Cor's JPEG 2000 preview. The previews are written by GDAL's OpenJPEG driver (the
 * codec in Sen2Cor's bundle) as a PVI is: 343 x 343, 8-bit, georeferenced (GeoJP2 and GMLJP2 boxes), lossy and
 * reversible; each JPEG the runner makes is read back with GDAL's JPEG driver, as a user's tool would.
 */
class ThumbnailsTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static String python;
    @TempDir
    static Path dir;

    @BeforeAll
    static void previews() {
        Command.Result venv = Command.run(List.of("bash", Projects.dir().resolve("src/scripts/stac-server.sh").toString(), "odc"),
                Map.of(), 900);
        assertThat(venv.exitCode()).as(venv.output()).isZero();
        python = venv.output().strip().lines().reduce((a, b) -> b).orElseThrow();
        Command.Result made = Command.run(List.of(python, script(), "make", dir.toString()), Map.of(), 120);
        assertThat(made.exitCode()).as(made.output()).isZero();
    }

    static String script() {
        return Projects.dir().resolve("src/test/resources/runner/thumbnail/previews.py").toString();
    }

    static JsonNode readBack(byte[] jpeg, String name) throws IOException {
        Path file = dir.resolve(name + ".jpg");
        Files.write(file, jpeg);
        Command.Result read = Command.run(List.of(python, script(), "read", file.toString()), Map.of(), 120);
        assertThat(read.exitCode()).as(read.output()).isZero();
        return JSON.readTree(read.output().strip().lines().reduce((a, b) -> b).orElseThrow());
    }

    @Test
    void aTrueColourPreviewBecomesAJpegOfTheSameSizeAndColours() throws IOException {
        for (String name : List.of("rgb-lossy", "rgb-reversible")) {
            byte[] jpeg = Thumbnails.jpegOf(dir.resolve(name + ".jp2")).orElseThrow();

            JsonNode back = readBack(jpeg, name);

            assertThat(back.path("driver").asText()).isEqualTo("JPEG");
            assertThat(back.path("width").asInt()).as(name).isEqualTo(343);
            assertThat(back.path("height").asInt()).as(name).isEqualTo(343);
            assertThat(back.path("bands").asInt()).isEqualTo(3);
            // JPEG and lossy JPEG 2000 move colours a little, never from red to blue
            near(name + " left half", back.path("left"), 200, 40, 30);
            near(name + " right half", back.path("right"), 20, 60, 180);
        }
    }

    @Test
    void aGreyPreviewBecomesAGreyJpegAndWhatIsNoPreviewGivesNone() throws IOException {
        JsonNode back = readBack(Thumbnails.jpegOf(dir.resolve("grey.jp2")).orElseThrow(), "grey");
        assertThat(back.path("left").get(0).asInt()).isBetween(190, 210);
        assertThat(back.path("left").get(0).asInt()).as("grey: equal channels").isEqualTo(back.path("left").get(2).asInt());

        Path zeros = Files.write(dir.resolve("zeros_PVI.jp2"), new byte[1000]);
        assertThat(Thumbnails.jpegOf(zeros)).as("the stand-in's placeholder: no thumbnail, no failure").isEmpty();
        assertThat(Thumbnails.jpegOf(dir.resolve("missing.jp2"))).isEmpty();
    }

    static void near(String what, JsonNode colour, int r, int g, int b) {
        int[] expected = {r, g, b};
        for (int i = 0; i < 3; i++) {
            assertThat(colour.get(i).asInt()).as(what + " " + colour).isBetween(expected[i] - 12, expected[i] + 12);
        }
    }
}
