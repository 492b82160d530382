package io.sen2cor.operator.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sen2cor.operator.api.Sen2CorJob;
import io.sen2cor.operator.aws.AwsClients;
import io.sen2cor.operator.contract.RunnerContract;
import io.sen2cor.operator.contract.SceneResult;
import io.sen2cor.operator.contract.Sha256;
import io.sen2cor.operator.contract.SucceededScenes;
import io.sen2cor.operator.k8s.RoundParts;
import io.sen2cor.operator.testing.FaultInjectingProxy;
import io.sen2cor.operator.testing.MotoServer;
import io.sen2cor.operator.testing.Projects;
import io.sen2cor.operator.testing.WithMoto;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
    /** A JPEG 2000 preview, 343 x 343 true colour as Sen2Cor's PVI (ThumbnailsTest reads OpenJPEG's; this is jai-imageio's). */
    static final byte[] PREVIEW = preview();

    static byte[] preview() {
        var image = new java.awt.image.BufferedImage(343, 343, java.awt.image.BufferedImage.TYPE_3BYTE_BGR);
        var g = image.createGraphics();
        g.setColor(new java.awt.Color(200, 40, 30));
        g.fillRect(0, 0, 343, 343);
        g.dispose();
        var bytes = new ByteArrayOutputStream();
        try (var out = javax.imageio.ImageIO.createImageOutputStream(bytes)) {
            var writer = javax.imageio.ImageIO.getImageWritersByFormatName("jpeg2000").next();
            writer.setOutput(out);
            writer.write(image);
            writer.dispose();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

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
        s3.putObject(r -> r.bucket("sentinel-s2-l1c").key(tile + "preview.jp2"), RequestBody.fromBytes(PREVIEW));
        put("sentinel-s2-l1c", tile + "preview.jpg", "jpg");
        put("sentinel-s2-l1c", tile + "tileInfo.json", "{}");
        put("sentinel-s2-l1c", product + "inspire.xml", "<gmd:MD_Metadata/>");
    }

    /**
     * The files of a small .SAFE that the strict stand-in accepts, as a CDSE or zipped product has them (paths from
     * the folder that holds {@code <product>.SAFE}): metadata, INSPIRE.xml, one band, the preview, the mask MTD_TL.xml
     * names, and the datastrip with its QI_DATA.
     */
    static Map<String, String> safeFiles(String product) {
        String safe = product + ".SAFE/";
        String granule = safe + "GRANULE/" + GRANULE + "/";
        String ds = safe + "DATASTRIP/DS_SGS__20190122T091707_S20190122T075958/";
        Map<String, String> files = new java.util.LinkedHashMap<>();
        files.put(safe + "MTD_MSIL1C.xml", "<MTD/>");
        files.put(safe + "INSPIRE.xml", "<gmd:MD_Metadata/>");
        files.put(safe + "manifest.safe", "<xfdu/>");
        files.put(granule + "MTD_TL.xml", "<TL><MASK_FILENAME type=\"MSK_CLOUDS\">GRANULE/" + GRANULE
                + "/QI_DATA/MSK_CLOUDS_B00.gml</MASK_FILENAME></TL>");
        files.put(granule + "QI_DATA/MSK_CLOUDS_B00.gml", "<gml/>");
        files.put(granule + "QI_DATA/T36NXF_20190122T075221_PVI.jp2", "pvi");
        files.put(granule + "IMG_DATA/T36NXF_20190122T075221_B02.jp2", "b02");
        files.put(ds + "MTD_DS.xml", "<DS/>");
        files.put(ds + "QI_DATA/FORMAT_CORRECTNESS.xml", "<QI/>");
        return files;
    }

    Map<String, String> env(String mode, String sourceType) throws IOException {
        Path aux = work.resolve("aux/aux_data");
        Path wrapper = standIn(work, "L2A_Process-" + mode, Map.of("FAKE_SEN2COR_MODE", mode, "FAKE_SEN2COR_AUX_DIR", aux.toString()));
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
        env.put(RunnerContract.CAPACITY, RunnerContract.CAPACITY_SPOT);
        env.put(RunnerContract.TIMEOUT_SECONDS, "20");
        env.put(RunnerSettings.WORK_DIR, work.resolve("scratch").toString());
        env.put(RunnerSettings.L2A_PROCESS, wrapper.toString());
        env.put(RunnerSettings.GIPP_TEMPLATE, Projects.dir().resolve("src/test/resources/runner/L2A_GIPP.xml").toString());
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

    /** An executable that runs the stand-in L2A_Process with these variables (the runner passes its own environment on). */
    static Path standIn(Path dir, String name, Map<String, String> variables) throws IOException {
        StringBuilder script = new StringBuilder("#!/usr/bin/env bash\n");
        variables.forEach((k, v) -> script.append("export ").append(k).append("='").append(v).append("'\n"));
        script.append("exec ").append(Projects.dir().resolve("src/test/resources/runner/fake-L2A_Process.sh")).append(" \"$@\"\n");
        Path wrapper = dir.resolve(name);
        Files.writeString(wrapper, script);
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
        return wrapper;
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
        Map<String, String> env = env("ok", "awsL1C");
        env.put(RunnerContract.SOURCE_ITEMS, "http://127.0.0.1:1/collections/sentinel-2-l1c/items/{product}");

        Run run = run(env);

        assertThat(run.exit()).isZero();
        assertThat(run.log()).contains("[" + ID + "] Sen2Cor. Version: 02.12.03");
        JsonNode result = result();
        assertThat(result.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(result.path("sen2corVersion").asText()).isEqualTo("02.12.03");
        assertThat(result.path("exitCode").asInt()).isZero();
        assertThat(result.path("timings").fieldNames()).toIterable().containsExactly("fetchSeconds", "processSeconds", "uploadSeconds");
        double steps = result.path("timings").path("fetchSeconds").asDouble() + result.path("timings").path("processSeconds").asDouble()
                + result.path("timings").path("uploadSeconds").asDouble();
        // each figure is rounded to the millisecond: the sum of three may pass the whole by up to 2 ms
        assertThat(result.path("wallSeconds").asDouble()).as("the attempt, its steps included")
                .isGreaterThanOrEqualTo(steps - 0.002).isPositive();
        assertThat(result.path("vcpus").asInt()).isEqualTo(4);
        assertThat(result.path("vcpuSeconds").asDouble()).isCloseTo(4 * result.path("wallSeconds").asDouble(),
                org.assertj.core.data.Offset.offset(0.01));
        assertThat(result.path("capacity").asText()).isEqualTo("Spot");
        assertThat(result.path("stacItemBbox")).as("for the job's collection extent").hasSize(4);
        assertThat(result.path("stacItemDatetime").asText()).as("the item's datetime (the stand-in writes a real 05.10 product's metadata)").matches("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z");
        assertThat(result.path("bytesDownloaded").asLong()).isPositive();
        String l2a = result.path("l2aProduct").asText();
        assertThat(l2a).startsWith("s3://eo-l2a/kenya/S2A_MSIL2A_20190122T075221_N9999_R135_T36NXF_").endsWith(".SAFE/");
        String l2aPrefix = l2a.substring("s3://eo-l2a/".length());
        assertThat(keys(l2aPrefix)).contains(l2aPrefix + "MTD_MSIL2A.xml",
                l2aPrefix + "GRANULE/L2A_T36NXF/IMG_DATA/R10m/T36NXF_20190122T075221_B02_10m.jp2");
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
        // the product's STAC item beside it: its files as assets, the L1C it came from, valid STAC
        String itemKey = l2aPrefix.substring(0, l2aPrefix.length() - ".SAFE/".length()) + ".json";
        assertThat(result.path("stacItem").asText()).isEqualTo("s3://eo-l2a/" + itemKey);
        JsonNode item = JSON.readTree(get("eo-l2a", itemKey));
        assertThat(item.at("/assets/blue/href").asText()).isEqualTo(l2a + "GRANULE/L2A_T36NXF/IMG_DATA/R10m/T36NXF_20190122T075221_B02_10m.jp2");
        assertThat(item.path("links")).anySatisfy(l -> {
            assertThat(l.path("rel").asText()).isEqualTo("derived_from");
            assertThat(l.path("href").asText()).isEqualTo("s3://sentinel-s2-l1c/products/2019/1/22/" + ID + "/");
        }).as("the L1C's STAC item, where the operator selected it").anySatisfy(l -> {
            assertThat(l.path("rel").asText()).isEqualTo("derived_from");
            assertThat(l.path("href").asText()).isEqualTo("http://127.0.0.1:1/collections/sentinel-2-l1c/items/" + ID);
        });
        // the preview as the JPEG thumbnail beside the item; the JPEG 2000 preview stays, as an overview
        String thumbnail = itemKey.replace(".json", ".jpg");
        assertThat(item.at("/assets/thumbnail/href").asText()).isEqualTo("s3://eo-l2a/" + thumbnail);
        assertThat(item.at("/assets/thumbnail/type").asText()).isEqualTo("image/jpeg");
        byte[] jpeg = s3.getObjectAsBytes(r -> r.bucket("eo-l2a").key(thumbnail)).asByteArray();
        assertThat(javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(jpeg)).getWidth()).isEqualTo(343);
        assertThat(item.at("/assets/thumbnail/file:size").asLong()).isEqualTo(jpeg.length);
        assertThat(item.at("/assets/thumbnail/file:checksum").asText()).isEqualTo("1220" + Sha256.of(jpeg));
        assertThat(item.at("/assets/preview/type").asText()).isEqualTo("image/jp2");
        assertThat(item.at("/assets/preview/roles/0").asText()).isEqualTo("overview");
        assertThat(item.path("collection").asText()).as("the runner's default when the operator names no job")
                .isEqualTo("default.sen2corjob");
        Path itemFile = work.resolve("item.json");
        Files.writeString(itemFile, item.toString());
        var valid = io.sen2cor.operator.testing.StacValidator.validate(itemFile);
        assertThat(valid.exitCode()).as(valid.output()).isZero();
        assertThat(Files.exists(work.resolve("scratch").resolve(ID))).as("work dir freed after success").isFalse();

        // provenance: how the product was made and from what, beside it
        JsonNode provenance = result().path("provenance");
        String gipp = get("eo-l2a", "kenya/" + ID + "/" + RunnerContract.GIPP_FILE);
        assertThat(provenance.path("gipp").asText()).isEqualTo("s3://eo-l2a/kenya/" + ID + "/" + RunnerContract.GIPP_FILE);
        assertThat(provenance.path("gippSha256").asText()).isEqualTo(Sha256.of(gipp.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(provenance.path("settings").asText()).isEqualTo(RunnerContract.settingsFingerprint(env("ok", "awsL1C")))
                .isEqualTo(result().path("settings").asText());
        assertThat(provenance.path("facility").asText()).isEqualTo("sen2cor-operator");
        assertThat(provenance.at("/auxiliaryData/PRODUCTION_DEM_TYPE").asText()).as("what Sen2Cor wrote").isEqualTo("None");
        assertThat(provenance.at("/dem/source").asText()).isEqualTo("none");
        assertThat(provenance.at("/input/objects").asInt()).isPositive();
        assertThat(provenance.at("/input/downloaded")).allSatisfy(o -> {
            assertThat(o.path("etag").asText()).as("the store's ETag of what was read").isNotBlank();
            assertThat(o.path("size").asLong()).isNotNegative();
        });
        assertThat(item.at("/properties/processing:facility").asText()).isEqualTo("sen2cor-operator");
        assertThat(item.at("/assets/blue/file:checksum").asText()).startsWith("1220").hasSize(68);
        assertThat(item.at("/assets/blue/file:size").asLong()).isPositive();

        String before = get("eo-l2a", "kenya/" + ID + "/result.json");
        Run again = run(env("exit1", "awsL1C"));
        assertThat(again.exit()).as("a scene whose result.json says SUCCEEDED with these settings is a no-op").isZero();
        assertThat(again.log()).contains("nothing to do");
        assertThat(get("eo-l2a", "kenya/" + ID + "/result.json")).isEqualTo(before);

        Map<String, String> otherResolution = env("exit1", "awsL1C");
        otherResolution.put(RunnerContract.RESOLUTION, "20");
        otherResolution.put(RunnerContract.KEEP_EXISTING, RunnerContract.KEEP_ANY);
        assertThat(run(otherResolution).log()).as("keepExisting Any keeps a product made otherwise").contains("nothing to do");
        otherResolution.remove(RunnerContract.KEEP_EXISTING);
        Run reprocessed = run(otherResolution);
        assertThat(reprocessed.log()).as("another resolution: the product is made again").doesNotContain("nothing to do");
        assertThat(result().path("settings").asText()).isEqualTo(RunnerContract.settingsFingerprint(otherResolution));
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

    /**
     * A split round's pod reads its part's gzip'd manifest, and a kept selection's catalog task reads the parts'
     * directory in order, both as the operator writes them into ConfigMaps (RoundParts) and the kubelet projects them.
     */
    @Test
    void readsTheGzipdManifestOfASplitRoundAndADirectoryOfPartsInOrder() throws IOException {
        awsL1CProduct();
        Sen2CorJob job = new Sen2CorJob();
        job.getMetadata().setName("continent");
        job.getMetadata().setNamespace("eo");
        job.getMetadata().setUid("0b7e7c9e-0000-4000-8000-000000000001");
        List<String> scenes = new java.util.ArrayList<>();
        for (int i = 0; i < 7; i++) {
            scenes.add(String.format("S2A_MSIL1C_20190122T075221_N0207_R135_T36NX%s_20190122T091707", (char) ('A' + i)));
        }
        scenes.set(5, ID);
        var parts = RoundParts.of(job, 0, scenes.size(), 3);
        assertThat(parts).extracting(RoundParts.Part::size).containsExactly(3, 3, 1);
        Path mounted = work.resolve("manifest");
        Path dir = Files.createDirectories(mounted.resolve("scenes"));
        // the kubelet's atomic writer: files are links into a hidden ..data directory, which must not be read twice
        Files.createDirectories(dir.resolve("..2026_12_07"));
        for (var part : parts) {
            var cm = RoundParts.manifest(job, 0, part, scenes.subList(part.offset(), part.offset() + part.size()));
            assertThat(cm.getData()).as("split: the ids are gzip'd").isNull();
            byte[] gz = java.util.Base64.getDecoder().decode(cm.getBinaryData().values().iterator().next());
            Files.write(dir.resolve(String.format("%05d", part.index()) + "-scenes.txt.gz"), gz);
            Files.write(dir.resolve("..2026_12_07").resolve(part.index() + ".txt.gz"), gz);
            assertThat(RoundParts.scenes(cm)).isEqualTo(scenes.subList(part.offset(), part.offset() + part.size()));
        }

        assertThat(Runner.localManifest(dir)).as("a kept selection's parts, read as one list").isEqualTo(scenes);

        Map<String, String> env = env("ok", "awsL1C");
        env.put(RunnerContract.MANIFEST_URI, dir.resolve("00001-scenes.txt.gz").toUri().toString());
        env.put(RunnerContract.AWS_BATCH_ARRAY_INDEX, "2");
        Run run = run(env);
        assertThat(run.exit()).as(run.log()).isZero();
        assertThat(run.log()).contains("[" + ID + "]");
        assertThat(result().path("status").asText()).isEqualTo("SUCCEEDED");
    }

    @Test
    void aSceneInterruptedAsOftenAsTheEnvironmentAllowsFailsForGoodAndOneBelowRuns() throws IOException {
        awsL1CProduct();
        Map<String, String> evicted = env("ok", "awsL1C");
        evicted.put(RunnerContract.MAX_INTERRUPTIONS, "3");
        evicted.put(RunnerContract.INTERRUPTIONS, "3");
        assertThat(run(evicted).exit()).isEqualTo(RunnerContract.EXIT_INTERRUPTED_TOO_OFTEN);
        assertThat(RunnerContract.PERMANENT_EXIT_CODES).contains(RunnerContract.EXIT_INTERRUPTED_TOO_OFTEN);
        assertThat(result().path("status").asText()).isEqualTo("FAILED");
        assertThat(result().path("error").asText()).contains("interrupted 3 time(s)", "spec.kubernetes.maxInterruptions");

        evicted.put(RunnerContract.INTERRUPTIONS, "2");
        assertThat(run(evicted).exit()).isZero();
        evicted.put(RunnerContract.INTERRUPTIONS, "");
        assertThat(run(evicted).exit()).as("the annotation is absent on a first pod").isZero();
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

    /** The Kubernetes backend's skip check (spec.scenes.skipExisting): the answer is the termination message. */
    @Test
    void theSkipCheckTaskAnswersWhichScenesRecordsSaySucceededInItsTerminationMessage() throws IOException {
        String failed = "S2A_MSIL1C_20190122T075221_N0207_R135_T36NYF_20190122T091707";
        String none = "S2B_MSIL1C_20190127T075159_N0207_R035_T36NXF_20190127T120231";
        put("eo-l2a", "kenya/" + ID + "/result.json", new SceneResult(ID).put("status", "SUCCEEDED").toJson());
        put("eo-l2a", "kenya/" + failed + "/result.json", new SceneResult(failed).put("status", "FAILED").toJson());
        put("eo-l2a", "_sen2cor/all.txt", failed + "\n" + ID + "\n" + none + "\n");
        Path message = work.resolve("termination-log");
        Map<String, String> env = env("exit1", "awsL1C");
        env.put(RunnerContract.TASK, RunnerContract.TASK_SUCCEEDED);
        env.put(RunnerContract.MANIFEST_URI, "s3://eo-l2a/_sen2cor/all.txt");
        env.put(RunnerContract.TERMINATION_MESSAGE_PATH, message.toString());

        Run run = run(env);

        assertThat(run.exit()).isZero();
        assertThat(run.log()).contains("1 of 3 scenes already SUCCEEDED");
        assertThat(SucceededScenes.decode(List.of(failed, ID, none), Files.readString(message))).containsExactly(ID);
        assertThat(keys("kenya/")).as("a read, nothing written").hasSize(2);
    }

    /** The Kubernetes backend's catalog task: the job's collection and its report, written by a runner pod. */
    @Test
    void theCatalogTaskWritesTheJobsCollectionOfItsSucceededScenesAndItsReport() throws IOException {
        awsL1CProduct();
        assertThat(run(env("ok", "awsL1C")).exit()).isZero();
        String missing = "S2A_MSIL1C_20190122T075221_N0207_R135_T36NYF_20190122T091707";
        Path report = work.resolve("report.json");
        Files.writeString(report, "{\"failures\":[{\"product\":\"" + missing + "\"}]}");
        Map<String, String> env = env("exit1", "awsL1C");
        env.put(RunnerContract.TASK, RunnerContract.TASK_CATALOG);
        env.put(RunnerContract.CATALOG_URI, "s3://eo-l2a/kenya/_sen2cor/default.kenya-1234abcd/catalog.json");
        env.put(RunnerContract.JOB_NAMESPACE, "default");
        env.put(RunnerContract.JOB_NAME, "kenya");
        env.put(RunnerContract.REPORT_FILE, report.toString());

        Run run = run(env);

        assertThat(run.exit()).isZero();
        assertThat(run.log()).contains("with 1 items of 2 scenes");
        JsonNode collection = JSON.readTree(get("eo-l2a", "kenya/_sen2cor/default.kenya-1234abcd/catalog.json"));
        assertThat(collection.path("id").asText()).isEqualTo("default.kenya");
        assertThat(collection.path("links").findValuesAsText("href")).contains(result().path("stacItem").asText());
        assertThat(collection.at("/extent/spatial/bbox/0")).as("the item's bbox, from its record").isEqualTo(result().path("stacItemBbox"));
        assertThat(get("eo-l2a", "kenya/_sen2cor/default.kenya-1234abcd/report.json")).contains(missing);
        Path file = work.resolve("collection.json");
        Files.writeString(file, collection.toPrettyString());
        var valid = io.sen2cor.operator.testing.StacValidator.validate(file);
        assertThat(valid.exitCode()).as(valid.output()).isZero();

        env.remove(RunnerContract.CATALOG_URI);
        assertThat(run(env).exit()).as("no target: a configuration error").isEqualTo(RunnerContract.EXIT_CONFIG);
        env.put(RunnerContract.TASK, "publish");
        assertThat(run(env).exit()).as("an unknown task").isEqualTo(RunnerContract.EXIT_CONFIG);
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

        // each map Sen2Cor could not read (it writes None for it and goes on): the scene fails naming that map only
        Map<String, String> maps = Map.of("wb", "ESACCI_WaterBodies_Map", "lc", "ESACCI_LandCover_Map",
                "snow", "ESACCI_SnowCondition_Map_Dir");
        for (var map : maps.entrySet()) {
            String element = map.getValue();
            assertThat(run(env("aux-none-" + map.getKey(), "awsL1C")).exit()).as(element).isEqualTo(RunnerContract.EXIT_SEN2COR_FAILED);
            assertThat(result().path("error").asText()).contains(element, "Auxiliary_Data_Info says None")
                    .doesNotContain(maps.values().stream().filter(other -> !other.equals(element)).toArray(String[]::new))
                    .doesNotContain("PRODUCTION_DEM_TYPE");
        }
    }

    @Test
    void eachDemSettingGivesAProductThatRecordsWhatSen2CorWrote() throws IOException {
        awsL1CProduct();
        String tile = "Copernicus_DSM_COG_10_N00_00_E036_00_DEM";
        Path aux = work.resolve("aux/aux_data");
        // a local DEM with every tile there and no source: Sen2Cor echoes the empty DEM_Reference
        Path dem = Files.createDirectories(work.resolve("dem-local"));
        Files.writeString(dem.resolve(tile + ".tif"), "dem");
        Map<String, String> local = env("ok", "awsL1C");
        local.put(RunnerContract.DEM_DIRECTORY, dem.toString());
        local.put(RunnerSettings.L2A_PROCESS, standIn(work, "L2A_Process-dem-local", Map.of("FAKE_SEN2COR_AUX_DIR",
                aux.toString(), "FAKE_SEN2COR_DEM_TILES", tile)).toString());
        Run run = run(local);
        assertThat(run.exit()).as(run.log()).isZero();
        assertThat(result().at("/provenance/auxiliaryData/PRODUCTION_DEM_TYPE").asText()).isEmpty();
        assertThat(result().at("/provenance/dem/source").asText()).isEqualTo("local");
        assertThat(result().at("/provenance/dem/directory").asText()).isEqualTo(dem.toString());

        // the Copernicus DEM on AWS: Sen2Cor fetches the tile into the work volume and writes the bucket's URL
        Map<String, String> copernicus = env("ok", "awsL1C");
        copernicus.put(RunnerContract.DEM_COPERNICUS, "30m");
        copernicus.put(RunnerSettings.L2A_PROCESS, local.get(RunnerSettings.L2A_PROCESS));
        s3.deleteObject(r -> r.bucket("eo-l2a").key("kenya/" + ID + "/" + RunnerContract.RESULT_FILE));
        run = run(copernicus);
        assertThat(run.exit()).as(run.log()).isZero();
        assertThat(result().at("/provenance/auxiliaryData/PRODUCTION_DEM_TYPE").asText())
                .isEqualTo("https://copernicus-dem-30m.s3.eu-central-1.amazonaws.com/");
        assertThat(result().at("/provenance/dem/source").asText()).isEqualTo("Copernicus DEM 30m (AWS open data)");
    }

    @Test
    void sen2corReadsTheMapsWhereverAuxDataPathPutsThem() throws IOException {
        awsL1CProduct();
        Map<String, String> env = env("ok", "awsL1C");
        // the image's layout: Sen2Cor's aux_data entries are links to SEN2COR_AUX_LINK on the work volume
        Path installed = Files.createDirectories(work.resolve("opt/sen2cor/aux_data"));
        Path link = work.resolve("scratch/.sen2cor/aux_data");
        Path mounted = Files.createDirectories(work.resolve("data/esacci"));
        for (String file : Sen2CorProcess.auxFilesFor(RunnerContract.DEFAULT_SEN2COR_VERSION)) {
            Files.createSymbolicLink(installed.resolve(file), link.resolve(file));
            Files.writeString(mounted.resolve(file), "map");
        }
        env.put(RunnerSettings.L2A_PROCESS, standIn(work, "L2A_Process-installed", Map.of("FAKE_SEN2COR_AUX_DIR", installed.toString())).toString());
        env.put(RunnerContract.AUX_DATA_PATH, mounted.toString());
        env.put(RunnerSettings.AUX_LINK, link.toString());
        Files.createDirectories(link.getParent());
        Files.createSymbolicLink(link, work.resolve("aux-of-an-earlier-job"));

        Run run = run(env);

        assertThat(run.exit()).as(run.log()).isZero();
        assertThat(Files.readSymbolicLink(link)).isEqualTo(mounted);
        String l2a = result().path("l2aProduct").asText().substring("s3://eo-l2a/".length());
        assertThat(get("eo-l2a", l2a + "MTD_MSIL2A.xml")).as("Sen2Cor found every map").doesNotContain("Map>None<", "Map_Dir>None<")
                .contains("ESACCI-LC-L4-Snow-Cond-500m-MONTHLY-2000-2012-v2.4");
    }

    @Test
    void aDemTileSen2CorCannotGetFailsTheSceneNamingTheTile() throws IOException {
        awsL1CProduct();
        String tile = "Copernicus_DSM_COG_10_N00_00_E036_00_DEM";
        Path dem = Files.createDirectories(work.resolve("dem"));
        Map<String, String> env = env("ok", "awsL1C");
        env.put(RunnerContract.DEM_DIRECTORY, dem.toString());
        Path aux = Path.of(env.get(RunnerContract.AUX_DATA_PATH));
        for (String mode : List.of("ok", "dem-flat")) {
            env.put(RunnerSettings.L2A_PROCESS, standIn(work, "L2A_Process-dem-" + mode, Map.of("FAKE_SEN2COR_MODE", mode,
                    "FAKE_SEN2COR_AUX_DIR", aux.toString(), "FAKE_SEN2COR_DEM_TILES", tile)).toString());

            Run run = run(env);

            assertThat(run.exit()).as(mode + ": no DEM_Reference, nothing to fetch from: for good").isEqualTo(RunnerContract.EXIT_CONFIG);
            assertThat(result().path("error").asText()).as(mode).contains(tile + ".tif", dem.toString(), "no DEM_Reference",
                    "Force_Exit_On_DEM_Error");
        }
        assertThat(keys("kenya/S2A_MSIL2A_")).as("Sen2Cor's flat-terrain product is not uploaded").isEmpty();

        env.put(RunnerContract.DEM_REFERENCE, "https://dem.example/");
        assertThat(run(env).exit()).as("a writable folder and a source: Sen2Cor fetches the tile").isZero();
        assertThat(dem.resolve(tile + ".tif")).exists();
    }

    @Test
    void aStoreThatRefusesTheSdksDefaultChecksumsStillServesTheRunner() throws IOException {
        awsL1CProduct();
        try (FaultInjectingProxy store = new FaultInjectingProxy(moto.endpoint(), 0, 1).refuseFlexibleChecksums();
                S3Client sdkDefaults = S3Client.builder().endpointOverride(store.endpoint()).forcePathStyle(true)
                        .region(software.amazon.awssdk.regions.Region.EU_CENTRAL_1)
                        .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                                software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("testing", "testing")))
                        .build()) {
            assertThatThrownBy(() -> sdkDefaults.putObject(r -> r.bucket("eo-l2a").key("probe"), RequestBody.fromString("x")))
                    .as("the SDK's default (a CRC32 on every upload) is refused").hasMessageContaining("Unsupported header");
            long refusedBefore = store.refused.get();
            Map<String, String> env = env("ok", "awsL1C");
            env.put(RunnerContract.OUTPUT_ENDPOINT, store.endpoint().toString());
            env.put(RunnerContract.SOURCE_ENDPOINT, store.endpoint().toString());

            Run run = run(env);

            assertThat(run.exit()).as(run.log()).isZero();
            assertThat(result().path("status").asText()).isEqualTo("SUCCEEDED");
            assertThat(store.refused.get()).as("the runner sent no checksum the store refuses").isEqualTo(refusedBefore);
            assertThat(store.forwarded.get()).isPositive();
        }
    }

    @Test
    void aTimedOutAttemptIsRetryableAndTheRetryReusesWhatWasDownloadedOnlyWhereTheWorkDirPersists() throws IOException {
        awsL1CProduct();
        Map<String, String> slow = env("sleep", "awsL1C");
        slow.put(RunnerContract.TIMEOUT_SECONDS, "1");

        Run first = run(slow);
        assertThat(first.exit()).isEqualTo(RunnerContract.EXIT_RETRYABLE);
        assertThat(result().path("retryable").asBoolean()).isTrue();
        assertThat(work.resolve("scratch").resolve(ID)).as("an emptyDir or a container's own disk: freed at once").doesNotExist();
        assertThat(run(env("ok", "awsL1C")).exit()).isZero();
        assertThat(result().path("filesAlreadyLocal").asInt()).isZero();

        s3.deleteObject(r -> r.bucket("eo-l2a").key("kenya/" + ID + "/result.json"));
        slow.put(RunnerSettings.WORK_DIR_PERSISTS, "true");
        assertThat(run(slow).exit()).isEqualTo(RunnerContract.EXIT_RETRYABLE);
        assertThat(work.resolve("scratch").resolve(ID).resolve("input")).as("kept on a work dir that persists").isDirectory();
        Map<String, String> retry = env("ok", "awsL1C");
        retry.put(RunnerSettings.WORK_DIR_PERSISTS, "true");
        assertThat(run(retry).exit()).isZero();
        assertThat(result().path("filesAlreadyLocal").asInt()).as("bands and metadata kept from the first attempt")
                .isGreaterThanOrEqualTo(BANDS.size());
        assertThat(work.resolve("scratch").resolve(ID)).as("freed after the success").doesNotExist();
    }

    @Test
    void oneJobMixesCopernicusDataSpaceProductsOfTheN0500ReprocessingAndOthers() throws IOException {
        String reprocessed = "S2A_MSIL1C_20190122T075221_N0500_R135_T36NXF_20230620T101010";
        for (String product : List.of(ID, reprocessed)) {
            String root = (product.equals(ID) ? "Sentinel-2/MSI/L1C/" : "Sentinel-2/MSI/L1C_N0500/") + "2019/01/22/" + product + ".SAFE/";
            String folder = root.substring(0, root.length() - (product + ".SAFE/").length());
            safeFiles(product).forEach((path, body) -> put("eodata", folder + path, body));
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
        safeFiles(ID).forEach((path, body) -> put("eodata", "Sentinel-2/MSI/L1C/2019/01/22/" + path, body));
        Map<String, String> eodata = env("ok", "s3Safe");
        eodata.put(RunnerContract.SOURCE_PREFIX, "Sentinel-2/MSI/L1C/");
        assertThat(run(eodata).exit()).isZero();
        String l2a = result().path("l2aProduct").asText().substring("s3://eo-l2a/".length());
        assertThat(get("eo-l2a", l2a + "input-listing.txt"))
                .contains("./GRANULE/" + GRANULE + "/IMG_DATA/T36NXF_20190122T075221_B02.jp2").contains("./HTML");

        s3.deleteObject(r -> r.bucket("eo-l2a").key("kenya/" + ID + "/result.json"));
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(zip)) {
            for (var entry : safeFiles(ID).entrySet()) {
                z.putNextEntry(new ZipEntry(entry.getKey()));
                z.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
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
