package io.sen2cor.operator.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sen2cor.operator.testing.MotoServer;
import io.sen2cor.operator.testing.WithMoto;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The .SAFE rebuilt from the sentinel-s2-l1c layout of a baseline 04.00+ product in UTM zone 7 (tiny bodies in
 * moto's S3, real key names): the paths Sen2Cor reads, per the AWS-to-SAFE mapping of that baseline.
 */
@WithMoto
class AwsL1CSourceTest {

    static final String ID = "S2B_MSIL1C_20230612T212529_N0509_R043_T07WFR_20230612T230047";
    static final String GRANULE = "L1C_T07WFR_A032734_20230612T212528";
    static final String DS_ID = "S2B_OPER_MSI_L1C_DS_2BPS_20230612T230047_S20230612T212528_N05.09";
    static final String IMAGE = "T07WFR_20230612T212529";
    static final List<String> BANDS = List.of("B01", "B02", "B03", "B04", "B05", "B06", "B07", "B08", "B8A", "B09", "B10",
            "B11", "B12", "TCI");

    S3Client s3;
    @TempDir
    Path work;

    void put(String key, String content) {
        s3.putObject(r -> r.bucket("sentinel-s2-l1c").key(key), RequestBody.fromString(content));
    }

    @BeforeEach
    void product(MotoServer moto) {
        s3 = moto.clients().s3();
        s3.createBucket(r -> r.bucket("sentinel-s2-l1c").createBucketConfiguration(c -> c.locationConstraint("eu-central-1")));
        String product = "products/2023/6/12/" + ID + "/";
        put(product + "productInfo.json", """
                {"name": "%s", "tiles": [{"path": "tiles/7/W/FR/2023/6/12/0", "utmZone": 7, "latitudeBand": "W",
                  "gridSquare": "FR", "datastrip": {"id": "%s", "path": "products/2023/6/12/%s/datastrip/0"}}]}
                """.formatted(ID, DS_ID, ID));
        StringBuilder mtd = new StringBuilder("<n1:Level-1C_User_Product><Granule_List><Granule>");
        BANDS.forEach(b -> mtd.append("<IMAGE_FILE>GRANULE/").append(GRANULE).append("/IMG_DATA/").append(IMAGE).append('_')
                .append(b).append("</IMAGE_FILE>"));
        put(product + "metadata.xml", mtd.append("</Granule></Granule_List></n1:Level-1C_User_Product>").toString());
        put(product + "manifest.safe", "<xfdu:XFDU/>");
        put(product + "inspire.xml", "<gmd:MD_Metadata/>");
        put(product + "datastrip/0/metadata.xml", "<DS/>");
        put(product + "datastrip/0/qi/FORMAT_CORRECTNESS_report.xml", "<QI/>");
        String tile = "tiles/7/W/FR/2023/6/12/0/";
        BANDS.forEach(b -> put(tile + b + ".jp2", b));
        put(tile + "metadata.xml", "<TL/>");
        put(tile + "preview.jp2", "pvi");
        put(tile + "qi/DETFOO_B01.jp2", "m");
        put(tile + "qi/QUALIT_B8A.jp2", "m");
        put(tile + "qi/CLASSI_B00.jp2", "m");
        put(tile + "qi/FORMAT_CORRECTNESS.xml", "<QI/>");
    }

    List<String> files(Path safe) throws IOException {
        try (Stream<Path> walk = Files.walk(safe)) {
            return walk.filter(Files::isRegularFile).map(p -> safe.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void aZone7Baseline05ProductBecomesTheSafeSen2CorReads() throws IOException {
        try (S3Transfers transfers = new S3Transfers(4)) {
            Path safe = new AwsL1CSource(s3, "sentinel-s2-l1c", true, transfers).fetch(ID, work).safe();

            String g = "GRANULE/" + GRANULE + "/";
            assertThat(files(safe)).contains(
                    "MTD_MSIL1C.xml", "manifest.safe", "INSPIRE.xml",
                    g + "MTD_TL.xml", g + "IMG_DATA/" + IMAGE + "_B01.jp2", g + "IMG_DATA/" + IMAGE + "_TCI.jp2",
                    g + "QI_DATA/MSK_DETFOO_B01.jp2", g + "QI_DATA/MSK_QUALIT_B8A.jp2", g + "QI_DATA/MSK_CLASSI_B00.jp2",
                    g + "QI_DATA/" + IMAGE + "_PVI.jp2", g + "QI_DATA/FORMAT_CORRECTNESS.xml",
                    "DATASTRIP/DS_2BPS_20230612T230047_S20230612T212528/MTD_DS.xml",
                    "DATASTRIP/DS_2BPS_20230612T230047_S20230612T212528/QI_DATA/FORMAT_CORRECTNESS.xml")
                    .noneMatch(f -> f.contains("productInfo") || f.contains("_report") || f.contains("/DETFOO_"));
        }
    }

    @Test
    void aDatastripWithoutQualityReportsStillGetsItsQiDataFolder() throws IOException {
        s3.deleteObject(r -> r.bucket("sentinel-s2-l1c")
                .key("products/2023/6/12/" + ID + "/datastrip/0/qi/FORMAT_CORRECTNESS_report.xml"));
        try (S3Transfers transfers = new S3Transfers(4)) {
            Path safe = new AwsL1CSource(s3, "sentinel-s2-l1c", true, transfers).fetch(ID, work).safe();
            assertThat(safe.resolve("DATASTRIP/DS_2BPS_20230612T230047_S20230612T212528/QI_DATA")).isDirectory();
        }
    }
}
