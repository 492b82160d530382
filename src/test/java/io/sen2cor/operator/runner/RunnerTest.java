package io.sen2cor.operator.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.sen2cor.operator.aws.AwsClients;
import io.sen2cor.operator.testing.MotoServer;
import io.sen2cor.operator.testing.Projects;
import io.sen2cor.operator.testing.WithMoto;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The runner against moto's S3 (an emulator) with a stand-in for L2A_Process
 * (src/test/resources/runner/fake-L2A_Process.sh: it checks the .SAFE and writes a tiny L2A product, no Sen2Cor
 * runs). The L1C products are fakes with the real key layouts of sentinel-s2-l1c, eodata and zipped .SAFEs.
 */
@WithMoto
class RunnerTest {

    static final String ID = "S2A_MSIL1C_20190122T075221_N0207_R135_T36NXF_20190122T091707";
    static final String GRANULE = "L1C_T36NXF_A018716_20190122T075958";
    static final String DS_ID = "S2A_OPER_MSI_L1C_DS_SGS__20190122T091707_S20190122T075958_N02.07";
    static final List<String> BANDS = List.of("B01", "B02", "B03", "B04", "B05", "B06", "B07", "B08", "B8A", "B09", "B10",
            "B11", "B12", "TCI");
    static final ObjectMapper JSON = new ObjectMapper();

    MotoServer moto;
    AwsClients aws;
    S3Client s3;
    @TempDir
    Path work;

    @BeforeEach
    void setUp(MotoServer moto) {
        this.moto = moto;
        aws = moto.clients();
        s3 = aws.s3();
        for (String bucket : List.of("sentinel-s2-l1c", "eo-l2a", "eodata")) {
            s3.createBucket(r -> r.bucket(bucket).createBucketConfiguration(c -> c.locationConstraint("eu-central-1")));
        }
        put("eo-l2a", "_sen2cor/manifest.txt", "S2A_MSIL1C_20190122T075221_N0207_R135_T36NYF_20190122T091707\n" + ID + "\n");
    }

    void put(String bucket, String key, String content) {
        s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromString(content));
    }

    /** The sentinel-s2-l1c layout: products/YYYY/M/D/<ID>/ and tiles/36/N/XF/YYYY/M/D/0/ (not a .SAFE). */
    void awsL1CProduct() {
        String product = "products/2019/1/22/" + ID + "/";
        put("sentinel-s2-l1c", product + "productInfo.json", """
                {"name": "%s", "path": "products/2019/1/22/%s",
                 "tiles": [{"path": "tiles/36/N/XF/2019/1/22/0", "utmZone": 36, "latitudeBand": "N", "gridSquare": "XF",
                            "datastrip": {"id": "%s", "path": "products/2019/1/22/%s/datastrip/0"}}]}
                """.formatted(ID, ID, DS_ID, ID));
        StringBuilder mtd = new StringBuilder("<n1:Level-1C_User_Product><Granule_List><Granule>");
        for (String band : BANDS) {
            mtd.append("<IMAGE_FILE>GRANULE/").append(GRANULE).append("/IMG_DATA/T36NXF_20190122T075221_").append(band)
                    .append("</IMAGE_FILE>");
        }
        put("sentinel-s2-l1c", product + "metadata.xml", mtd.append("</Granule></Granule_List></n1:Level-1C_User_Product>").toString());
        put("sentinel-s2-l1c", product + "manifest.safe", "<xfdu:XFDU/>");
        put("sentinel-s2-l1c", product + "datastrip/0/metadata.xml", "<DS/>");
        put("sentinel-s2-l1c", product + "datastrip/0/qi/FORMAT_CORRECTNESS.xml", "<QI/>");
        String tile = "tiles/36/N/XF/2019/1/22/0/";
        for (String band : BANDS) {
            put("sentinel-s2-l1c", tile + band + ".jp2", band.repeat(100));
        }
        put("sentinel-s2-l1c", tile + "metadata.xml", "<TL/>");
        put("sentinel-s2-l1c", tile + "qi/MSK_CLOUDS_B00.gml", "<gml/>");
        put("sentinel-s2-l1c", tile + "auxiliary/ECMWFT", "ecmwf");
        put("sentinel-s2-l1c", tile + "preview.jpg", "jpg");
        put("sentinel-s2-l1c", tile + "tileInfo.json", "{}");
    }

    Map<String, String> env(String mode, String sourceType) throws IOException {
        Path wrapper = work.resolve("L2A_Process-" + mode);
        Files.writeString(wrapper, "#!/usr/bin/env bash\nexport FAKE_SEN2COR_MODE=" + mode + "\nexec "
                + Projects.dir().resolve("src/test/resources/runner/fake-L2A_Process.sh") + " \"$@\"\n");
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, String> env = new HashMap<>();
        env.put(RunnerContract.MANIFEST_URI, "s3://eo-l2a/_sen2cor/manifest.txt");
        env.put(RunnerContract.MANIFEST_OFFSET, "0");
        env.put(RunnerContract.AWS_BATCH_ARRAY_INDEX, "1");
        env.put(RunnerContract.OUTPUT_URI, "s3://eo-l2a/kenya/");
        env.put(RunnerContract.OUTPUT_ENDPOINT, moto.endpoint().toString());
        env.put(RunnerContract.SOURCE_TYPE, sourceType);
        env.put(RunnerContract.SOURCE_BUCKET, sourceType.equals("awsL1C") ? "sentinel-s2-l1c" : "eodata");
        env.put(RunnerContract.SOURCE_ENDPOINT, moto.endpoint().toString());
        env.put(RunnerContract.SOURCE_REQUESTER_PAYS, String.valueOf(sourceType.equals("awsL1C")));
        env.put(RunnerContract.RESOLUTION, "10");
        env.put(RunnerContract.THREADS, "4");
        env.put(RunnerContract.TIMEOUT_SECONDS, "20");
        env.put(RunnerSettings.WORK_DIR, work.resolve("scratch").toString());
        env.put(RunnerSettings.L2A_PROCESS, wrapper.toString());
        env.put(RunnerSettings.GIPP_TEMPLATE, Projects.dir().resolve("src/test/resources/runner/L2A_GIPP.xml").toString());
        Path aux = work.resolve("aux/aux_data");
        for (String file : Sen2CorProcess.auxFilesFor(RunnerContract.DEFAULT_SEN2COR_VERSION)) {
            Files.createDirectories(aux);
            Files.writeString(aux.resolve(file), "stand-in");
        }
        env.put(RunnerContract.AUX_DATA_PATH, aux.toString());
        env.put("AWS_ACCESS_KEY_ID", "testing");
        env.put("AWS_SECRET_ACCESS_KEY", "testing");
        env.put("SEN2COR_SOURCE_AWS_ACCESS_KEY_ID", "testing");
        env.put("SEN2COR_SOURCE_AWS_SECRET_ACCESS_KEY", "testing");
        return env;
    }

    record Run(int exit, String log) {
    }

    static Run run(Map<String, String> env) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = new Runner(env, new PrintStream(out, true, StandardCharsets.UTF_8)).run();
        String log = out.toString(StandardCharsets.UTF_8);
        System.out.print(log);
        return new Run(exit, log);
    }

    String get(String bucket, String key) {
        return s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asUtf8String();
    }

    JsonNode result() throws IOException {
        return JSON.readTree(get("eo-l2a", "kenya/" + ID + "/result.json"));
    }

    List<String> keys(String prefix) {
        return s3.listObjectsV2Paginator(r -> r.bucket("eo-l2a").prefix(prefix)).contents().stream().map(o -> o.key()).toList();
    }

    @Test
    void rebuildsASafeFromSentinelS2L1cRunsSen2CorUploadsAndWritesTheResultLast() throws IOException {
        awsL1CProduct();

        Run run = run(env("ok", "awsL1C"));

        assertThat(run.exit()).isZero();
        assertThat(run.log()).contains("[" + ID + "] Sen2Cor. Version: 02.11.00");
        JsonNode result = result();
        assertThat(result.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(result.path("sen2corVersion").asText()).isEqualTo("02.11.00");
        assertThat(result.path("exitCode").asInt()).isZero();
        assertThat(result.path("timings").fieldNames()).toIterable().containsExactly("fetchSeconds", "processSeconds", "uploadSeconds");
        assertThat(result.path("bytesDownloaded").asLong()).isPositive();
        String l2a = result.path("l2aProduct").asText();
        assertThat(l2a).startsWith("s3://eo-l2a/kenya/S2A_MSIL2A_20190122T075221_N9999_R135_T36NXF_").endsWith(".SAFE/");
        String l2aPrefix = l2a.substring("s3://eo-l2a/".length());
        assertThat(keys(l2aPrefix)).contains(l2aPrefix + "MTD_MSIL2A.xml",
                l2aPrefix + "GRANULE/L2A_T36NXF/IMG_DATA/R10m/T36NXF_B02_10m.jp2");
        assertThat(get("eo-l2a", l2aPrefix + "gipp-threads.txt").strip()).as("Nr_Threads from the job's vCPUs")
                .isEqualTo("<Nr_Threads>4</Nr_Threads>");
        List<String> safe = get("eo-l2a", l2aPrefix + "input-listing.txt").lines().toList();
        assertThat(safe).contains("./MTD_MSIL1C.xml", "./manifest.safe", "./AUX_DATA", "./HTML",
                "./GRANULE/" + GRANULE + "/MTD_TL.xml",
                "./GRANULE/" + GRANULE + "/IMG_DATA/T36NXF_20190122T075221_B01.jp2",
                "./GRANULE/" + GRANULE + "/IMG_DATA/T36NXF_20190122T075221_B8A.jp2",
                "./GRANULE/" + GRANULE + "/IMG_DATA/T36NXF_20190122T075221_TCI.jp2",
                "./GRANULE/" + GRANULE + "/QI_DATA/MSK_CLOUDS_B00.gml",
                "./GRANULE/" + GRANULE + "/AUX_DATA/AUX_ECMWFT",
                "./DATASTRIP/DS_SGS__20190122T091707_S20190122T075958/MTD_DS.xml",
                "./DATASTRIP/DS_SGS__20190122T091707_S20190122T075958/QI_DATA/FORMAT_CORRECTNESS.xml");
        assertThat(safe).noneMatch(p -> p.contains("preview") || p.contains("tileInfo"));
        assertThat(Files.exists(work.resolve("scratch").resolve(ID))).as("work dir freed after success").isFalse();

        String before = get("eo-l2a", "kenya/" + ID + "/result.json");
        Run again = run(env("exit1", "awsL1C"));
        assertThat(again.exit()).as("a scene whose result.json says SUCCEEDED is a no-op").isZero();
        assertThat(again.log()).contains("nothing to do");
        assertThat(get("eo-l2a", "kenya/" + ID + "/result.json")).isEqualTo(before);
    }

    @Test
    void exitCodesTellRetryableFromPermanent() throws IOException {
        Run notFound = run(env("ok", "awsL1C"));
        assertThat(notFound.exit()).as("product not in the source").isEqualTo(RunnerContract.EXIT_PRODUCT_NOT_FOUND);
        assertThat(result().path("status").asText()).isEqualTo("FAILED");
        assertThat(result().path("retryable").asBoolean()).isFalse();

        awsL1CProduct();
        assertThat(run(env("error-line", "awsL1C")).exit()).as("swallowed error: exit 0 with the error line")
                .isEqualTo(RunnerContract.EXIT_SEN2COR_FAILED);
        assertThat(run(env("two-products", "awsL1C")).exit()).isEqualTo(RunnerContract.EXIT_SEN2COR_FAILED);
        assertThat(result().path("error").asText()).contains("exactly one MTD_MSIL2A.xml");

        Map<String, String> noAux = env("ok", "awsL1C");
        Files.delete(Path.of(noAux.get(RunnerContract.AUX_DATA_PATH)).resolve(Sen2CorProcess.auxFilesFor(RunnerContract.DEFAULT_SEN2COR_VERSION).get(0)));
        assertThat(run(noAux).exit()).as("missing ESACCI map").isEqualTo(RunnerContract.EXIT_CONFIG);
        assertThat(result().path("error").asText()).contains("aux data missing").contains(Sen2CorProcess.auxFilesFor(RunnerContract.DEFAULT_SEN2COR_VERSION).get(0));

        Map<String, String> noManifest = env("ok", "awsL1C");
        noManifest.remove(RunnerContract.MANIFEST_URI);
        assertThat(run(noManifest).exit()).isEqualTo(RunnerContract.EXIT_CONFIG);
    }

    @Test
    void onKubernetesTheReasonOfAFailureBecomesTheContainersTerminationMessage() throws IOException {
        Path message = work.resolve("termination-log");
        Map<String, String> missing = env("ok", "awsL1C");
        missing.put(RunnerContract.TERMINATION_MESSAGE_PATH, message.toString());

        assertThat(run(missing).exit()).isEqualTo(RunnerContract.EXIT_PRODUCT_NOT_FOUND);
        assertThat(Files.readString(message)).isEqualTo(result().path("error").asText()).contains("not found");

        Files.delete(message);
        awsL1CProduct();
        assertThat(run(missing).exit()).isZero();
        assertThat(message).as("nothing to say after a success").doesNotExist();
    }

    @Test
    void theAuxDataTheInstalledSen2CorReadsIsCheckedAndAMapItReportsAsNoneFailsTheScene() throws IOException {
        assertThat(Sen2CorProcess.auxFilesFor("2.8")).contains("ESACCI-LC-L4-Snow-Cond-500m-P13Y7D-2000-2012-v2.0");
        assertThat(Sen2CorProcess.auxFilesFor("2.11")).as("the 2.10 package: monthly snow maps")
                .contains("ESACCI-LC-L4-Snow-Cond-500m-MONTHLY-2000-2012-v2.4")
                .doesNotContain("ESACCI-LC-L4-Snow-Cond-500m-P13Y7D-2000-2012-v2.0");
        assertThat(Sen2CorProcess.auxFilesFor("2.12")).isEqualTo(Sen2CorProcess.auxFilesFor("2.10"));

        awsL1CProduct();
        Map<String, String> old = env("ok", "awsL1C");
        old.put(RunnerContract.SEN2COR_VERSION, "2.8");
        assertThat(run(old).exit()).as("an aux volume for 2.10+ lacks 2.8's weekly snow maps").isEqualTo(RunnerContract.EXIT_CONFIG);
        assertThat(result().path("error").asText()).contains("ESACCI-LC-L4-Snow-Cond-500m-P13Y7D-2000-2012-v2.0");

        assertThat(run(env("aux-none", "awsL1C")).exit()).isEqualTo(RunnerContract.EXIT_SEN2COR_FAILED);
        assertThat(result().path("error").asText()).contains("ESACCI_SnowCondition_Map_Dir", "Auxiliary_Data_Info says None");
    }

    @Test
    void aTimedOutAttemptIsRetryableAndTheRetryReusesWhatWasDownloaded() throws IOException {
        awsL1CProduct();
        Map<String, String> slow = env("sleep", "awsL1C");
        slow.put(RunnerContract.TIMEOUT_SECONDS, "1");

        Run first = run(slow);
        assertThat(first.exit()).isEqualTo(RunnerContract.EXIT_RETRYABLE);
        assertThat(result().path("retryable").asBoolean()).isTrue();

        Run second = run(env("ok", "awsL1C"));
        assertThat(second.exit()).isZero();
        assertThat(result().path("filesAlreadyLocal").asInt()).as("bands and metadata kept from the first attempt")
                .isGreaterThanOrEqualTo(BANDS.size());
    }

    @Test
    void oneJobMixesCopernicusDataSpaceProductsOfTheN0500ReprocessingAndOthers() throws IOException {
        String reprocessed = "S2A_MSIL1C_20190122T075221_N0500_R135_T36NXF_20230620T101010";
        for (String product : List.of(ID, reprocessed)) {
            String root = (product.equals(ID) ? "Sentinel-2/MSI/L1C/" : "Sentinel-2/MSI/L1C_N0500/") + "2019/01/22/" + product + ".SAFE/";
            put("eodata", root + "MTD_MSIL1C.xml", "<MTD/>");
            put("eodata", root + "GRANULE/" + GRANULE + "/IMG_DATA/T36NXF_20190122T075221_B02.jp2", "b02");
        }
        put("eo-l2a", "_sen2cor/cdse.txt", ID + "\n" + reprocessed + "\n");
        for (int index : List.of(0, 1)) {
            Map<String, String> eodata = env("ok", "s3Safe");
            eodata.put(RunnerContract.SOURCE_PREFIX, "Sentinel-2/MSI/L1C/");  // the same spec.source for both scenes
            eodata.put(RunnerContract.MANIFEST_URI, "s3://eo-l2a/_sen2cor/cdse.txt");
            eodata.put(RunnerContract.AWS_BATCH_ARRAY_INDEX, String.valueOf(index));
            assertThat(run(eodata).exit()).as("scene " + index).isZero();
        }
        assertThat(JSON.readTree(get("eo-l2a", "kenya/" + reprocessed + "/result.json")).path("status").asText())
                .isEqualTo("SUCCEEDED");
        assertThat(S3SafeSource.candidateRoots("Sentinel-2/MSI/L1C/", reprocessed).get(0))
                .isEqualTo("Sentinel-2/MSI/L1C_N0500/2019/01/22/" + reprocessed + ".SAFE/");
        assertThat(S3SafeSource.candidateRoots("safes/", reprocessed)).as("other stores: the prefix as given")
                .allMatch(r -> r.startsWith("safes/"));
    }

    @Test
    void readsSafeTreesFromAnEodataLayoutAndZippedSafes() throws IOException {
        String root = "Sentinel-2/MSI/L1C/2019/01/22/" + ID + ".SAFE/";
        put("eodata", root + "MTD_MSIL1C.xml", "<MTD/>");
        put("eodata", root + "manifest.safe", "<xfdu/>");
        put("eodata", root + "GRANULE/" + GRANULE + "/IMG_DATA/T36NXF_20190122T075221_B02.jp2", "b02");
        Map<String, String> eodata = env("ok", "s3Safe");
        eodata.put(RunnerContract.SOURCE_PREFIX, "Sentinel-2/MSI/L1C/");
        assertThat(run(eodata).exit()).isZero();
        String l2a = result().path("l2aProduct").asText().substring("s3://eo-l2a/".length());
        assertThat(get("eo-l2a", l2a + "input-listing.txt"))
                .contains("./GRANULE/" + GRANULE + "/IMG_DATA/T36NXF_20190122T075221_B02.jp2").contains("./HTML");

        s3.deleteObject(r -> r.bucket("eo-l2a").key("kenya/" + ID + "/result.json"));
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(zip)) {
            for (String entry : List.of(ID + ".SAFE/MTD_MSIL1C.xml", ID + ".SAFE/GRANULE/" + GRANULE + "/MTD_TL.xml")) {
                z.putNextEntry(new ZipEntry(entry));
                z.write("<x/>".getBytes(StandardCharsets.UTF_8));
                z.closeEntry();
            }
        }
        s3.putObject(r -> r.bucket("eodata").key("zips/" + ID + ".zip"), RequestBody.fromBytes(zip.toByteArray()));
        Map<String, String> zipped = env("ok", "s3Zip");
        zipped.put(RunnerContract.SOURCE_PREFIX, "zips/");
        assertThat(run(zipped).exit()).isZero();
        assertThat(result().path("status").asText()).isEqualTo("SUCCEEDED");
    }

    @Test
    void aZipThatEscapesItsDirectoryIsRefused() throws IOException {
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(zip)) {
            z.putNextEntry(new ZipEntry("../../evil.sh"));
            z.write(1);
            z.closeEntry();
        }
        s3.putObject(r -> r.bucket("eodata").key(ID + ".zip"), RequestBody.fromBytes(zip.toByteArray()));
        assertThat(run(env("ok", "s3Zip")).exit()).isEqualTo(RunnerContract.EXIT_INVALID_PRODUCT);
        assertThat(Files.exists(work.resolve("evil.sh"))).isFalse();
    }

    @Test
    void aRetryOnTheSameWorkDirIgnoresTheFirstAttemptsPartialProduct() throws IOException {
        awsL1CProduct();
        Map<String, String> env = env("ok", "awsL1C");
        Path stale = work.resolve("scratch").resolve(ID).resolve("output").resolve("S2A_MSIL2A_STALE.SAFE");
        Files.createDirectories(stale);
        Files.writeString(stale.resolve("MTD_MSIL2A.xml"), "<partial/>");

        Run retry = run(env);

        assertThat(retry.exit()).as(retry.log()).isZero();
        assertThat(result().get("status").asText()).isEqualTo("SUCCEEDED");
    }
}
