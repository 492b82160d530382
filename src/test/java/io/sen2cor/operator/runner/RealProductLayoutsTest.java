package io.sen2cor.operator.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.sen2cor.operator.contract.RunnerContract;
import io.sen2cor.operator.testing.MotoServer;
import io.sen2cor.operator.testing.Projects;
import io.sen2cor.operator.testing.WithMoto;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The .SAFE the runner rebuilds from sentinel-s2-l1c, checked against published key-to-.SAFE tables of real products
 * (src/test/resources/sentinel2/README.md): baselines 02.04 (no datastrip QI files), 02.06 (UTM zone 7), 03.01, 04.00
 * (JPEG 2000 masks named differently in the bucket) and 05.10 (derived from 04.00 with a real N05.10 granule list).
 * Each product's keys go into moto with tiny bodies; the product metadata.xml lists the table's images (the real one
 * for 05.10), the tile metadata.xml names the table's masks as MTD_TL.xml does, and productInfo.json is written the
 * way the bucket has it (utmZone a number). Then the same product goes through the whole runner with the strict
 * stand-in for L2A_Process (it fails as Sen2Cor does on a missing INSPIRE.xml, preview, mask or datastrip QI_DATA).
 */
@WithMoto
class RealProductLayoutsTest {

    private static final Path TABLES = Projects.dir().resolve("src/test/resources/sentinel2");

    /** A real product: its id and, per S3 key, the path inside the .SAFE. */
    record Layout(String baseline, String productId, Map<String, String> keyToSafePath, String productMetadata) {
        @Override
        public String toString() {
            return baseline + " " + productId;
        }

        String tilePath() {
            String key = keyToSafePath.keySet().stream().filter(k -> k.startsWith("tiles/")).findFirst().orElseThrow();
            return String.join("/", List.of(key.split("/")).subList(0, 8));
        }

        String datastripFolder() {
            return keyToSafePath.values().stream().filter(p -> p.endsWith("/MTD_DS.xml")).map(p -> p.split("/")[2])
                    .findFirst().orElseThrow();
        }
    }

    static Stream<Layout> layouts() {
        Layout n0400 = table("L1C_04.00.csv");
        return Stream.of(table("L1C_02.04.csv"), table("L1C_02.06.csv"), table("L1C_03.01.csv"), n0400, n0510(n0400));
    }

    /** sentinelhub-py's table: "s3://sentinel-s2-l1c/<key>" or its https mirror, then ";<path in the .SAFE>". */
    static Layout table(String file) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String line : read(TABLES.resolve(file)).lines().filter(l -> !l.isBlank()).toList()) {
            String[] parts = line.split(";");
            map.put(parts[0].replaceFirst("^(s3://|https://[^/]+/)sentinel-s2-l1c/", ""), parts[1]);
        }
        String safe = map.values().iterator().next().split("/")[0];
        String id = safe.substring(0, safe.length() - ".SAFE".length());
        return new Layout(baseline(id), id, map, null);
    }

    /**
     * Baseline 05.10: no published table. The 04.00 table's layout rules with the names of a real N05.10 product
     * (MTD_MSIL1C_N0510_T30NWM.head.xml: its granule list is that product's own).
     */
    static Layout n0510(Layout n0400) {
        Map<String, String> names = new LinkedHashMap<>();
        names.put(n0400.productId(), "S2A_MSIL1C_20240101T102431_N0510_R065_T30NWM_20240101T122107");
        names.put("tiles/36/M/ZB/2022/3/17/", "tiles/30/N/WM/2024/1/1/");
        names.put("products/2022/3/17/", "products/2024/1/1/");
        names.put("L1C_T36MZB_A035167_20220317T075215", "L1C_T30NWM_A044535_20240101T102736");
        names.put("T36MZB_20220317T074651", "T30NWM_20240101T102431");
        names.put("DS_VGS4_20220317T091114_S20220317T075215", "DS_2APS_20240101T122107_S20240101T102736");
        Map<String, String> map = new LinkedHashMap<>();
        n0400.keyToSafePath().forEach((key, path) -> map.put(rename(key, names), rename(path, names)));
        String id = names.get(n0400.productId());
        return new Layout(baseline(id), id, map, read(TABLES.resolve("MTD_MSIL1C_N0510_T30NWM.head.xml")));
    }

    private static String rename(String s, Map<String, String> names) {
        for (var e : names.entrySet()) {
            s = s.replace(e.getKey(), e.getValue());
        }
        return s;
    }

    private static String baseline(String id) {
        String n = id.split("_")[3];
        return n.substring(1, 3) + "." + n.substring(3);
    }

    @TempDir
    Path work;

    RunnerTest fixture;

    void layInto(MotoServer moto, Layout layout) {
        fixture = new RunnerTest();
        fixture.work = work;
        fixture.setUp(moto);
        String tilePath = layout.tilePath();
        String[] tile = tilePath.split("/");
        for (var e : layout.keyToSafePath().entrySet()) {
            String key = e.getKey();
            String body;
            if (e.getValue().endsWith("/MTD_MSIL1C.xml")) {
                body = layout.productMetadata() != null ? layout.productMetadata() : productMetadata(layout);
            } else if (e.getValue().endsWith("/MTD_TL.xml")) {
                body = tileMetadata(layout);
            } else {
                body = "x";
            }
            fixture.put("sentinel-s2-l1c", key, body);
        }
        String productPath = "products/" + String.join("/", List.of(tile).subList(4, 7)) + "/" + layout.productId();
        String datastripId = layout.productId().substring(0, 3) + "_OPER_MSI_L1C_" + layout.datastripFolder() + "_N"
                + layout.baseline();
        fixture.put("sentinel-s2-l1c", productPath + "/productInfo.json", """
                {"name": "%s", "path": "%s",
                 "tiles": [{"path": "%s", "utmZone": %d, "latitudeBand": "%s", "gridSquare": "%s",
                            "datastrip": {"id": "%s", "path": "%s/datastrip/0"}}]}
                """.formatted(layout.productId(), productPath, tilePath, Integer.parseInt(tile[1]), tile[2], tile[3],
                datastripId, productPath));
        // in the bucket, in no .SAFE
        fixture.put("sentinel-s2-l1c", tilePath + "/tileInfo.json", "{}");
        fixture.put("sentinel-s2-l1c", tilePath + "/preview.jpg", "jpg");
        fixture.put("sentinel-s2-l1c", tilePath + "/productInfo.json", "{}");
    }

    /** MTD_MSIL1C.xml's Granule_List as a real one has it: one IMAGE_FILE per image, without extension. */
    static String productMetadata(Layout layout) {
        String images = layout.keyToSafePath().values().stream().filter(p -> p.contains("/IMG_DATA/"))
                .map(p -> "<IMAGE_FILE>" + p.substring(p.indexOf("/") + 1).replaceFirst("\\.jp2$", "") + "</IMAGE_FILE>")
                .collect(Collectors.joining());
        return "<n1:Level-1C_User_Product><n1:General_Info><Product_Info><Product_Organisation><Granule_List><Granule>"
                + images + "</Granule></Granule_List></Product_Organisation></Product_Info></n1:General_Info></n1:Level-1C_User_Product>";
    }

    /** MTD_TL.xml's Pixel_Level_QI: each mask by its path in the .SAFE. */
    static String tileMetadata(Layout layout) {
        String masks = layout.keyToSafePath().values().stream().filter(p -> p.contains("/QI_DATA/MSK_") && p.contains("/GRANULE/"))
                .map(p -> "<MASK_FILENAME type=\"" + p.replaceFirst(".*/QI_DATA/(MSK_[A-Z]+)_.*", "$1") + "\">"
                        + p.substring(p.indexOf("/") + 1) + "</MASK_FILENAME>")
                .collect(Collectors.joining());
        return "<n1:Level-1C_Tile_ID><n1:Quality_Indicators_Info><Pixel_Level_QI>" + masks
                + "</Pixel_Level_QI></n1:Quality_Indicators_Info></n1:Level-1C_Tile_ID>";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layouts")
    void theRebuiltSafeHoldsExactlyThePublishedPaths(Layout layout, MotoServer moto) throws IOException {
        layInto(moto, layout);
        Path into = work.resolve("fetch");
        var source = new AwsL1CSource(fixture.s3, "sentinel-s2-l1c", true, new S3Transfers(4));

        Path safe = source.fetch(layout.productId(), into).safe();

        TreeSet<String> files;
        try (Stream<Path> walk = Files.walk(safe)) {
            files = walk.filter(Files::isRegularFile).map(p -> into.relativize(p).toString())
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        assertThat(files).containsExactlyInAnyOrderElementsOf(new TreeSet<>(layout.keyToSafePath().values()));
        assertThat(safe.resolve("AUX_DATA")).isDirectory();
        assertThat(safe.resolve("HTML")).isDirectory();
        assertThat(safe.resolve("DATASTRIP").resolve(layout.datastripFolder()).resolve("QI_DATA"))
                .as("listed by Sen2Cor even when the bucket has no datastrip QI files").isDirectory();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layouts")
    void goesThroughTheRunnerToAnUploadedL2aProductAndASucceededRecord(Layout layout, MotoServer moto) throws IOException {
        layInto(moto, layout);
        fixture.put("eo-l2a", "_sen2cor/layout.txt", layout.productId() + "\n");
        Map<String, String> env = fixture.env("ok", "awsL1C");
        env.put(RunnerContract.MANIFEST_URI, "s3://eo-l2a/_sen2cor/layout.txt");
        env.put(RunnerContract.AWS_BATCH_ARRAY_INDEX, "0");

        RunnerTest.Run run = RunnerTest.run(env);

        assertThat(run.exit()).as(run.log()).isZero();
        var result = RunnerTest.JSON.readTree(fixture.get("eo-l2a", "kenya/" + layout.productId() + "/result.json"));
        assertThat(result.path("status").asText()).isEqualTo("SUCCEEDED");
        String l2a = result.path("l2aProduct").asText().substring("s3://eo-l2a/".length());
        String tile = layout.productId().split("_")[5];
        String datatake = layout.productId().split("_")[2];
        assertThat(fixture.keys(l2a)).contains(l2a + "MTD_MSIL2A.xml", l2a + "INSPIRE.xml",
                l2a + "GRANULE/L2A_" + tile + "/IMG_DATA/R10m/" + tile + "_" + datatake + "_B02_10m.jp2");
    }

    @org.junit.jupiter.api.Test
    void theStandInFailsAsSen2CorDoesWhenAPieceOfTheSafeIsMissing(MotoServer moto) throws Exception {
        Layout layout = table("L1C_04.00.csv");
        layInto(moto, layout);
        Path safe = new AwsL1CSource(fixture.s3, "sentinel-s2-l1c", true, new S3Transfers(4)).fetch(layout.productId(), work.resolve("in")).safe();
        String granule = "GRANULE/L1C_T36MZB_A035167_20220317T075215/";
        for (String piece : List.of("INSPIRE.xml", granule + "QI_DATA/T36MZB_20220317T074651_PVI.jp2",
                granule + "QI_DATA/MSK_DETFOO_B01.jp2", "DATASTRIP/" + layout.datastripFolder() + "/QI_DATA")) {
            Path moved = work.resolve("moved");
            Files.move(safe.resolve(piece), moved);
            Process p = new ProcessBuilder("bash", Projects.dir().resolve("src/test/resources/runner/fake-L2A_Process.sh").toString(),
                    safe.toString(), "--output_dir", work.resolve("out").toString(), "--resolution", "10")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor()).as(out).isEqualTo(1);
            assertThat(out).contains(piece.contains("_PVI") ? "preview image not present" : piece, Sen2CorProcess.ERROR_LINE);
            Files.move(moved, safe.resolve(piece));
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
