package io.sen2cor.operator.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.sen2cor.operator.testing.Projects;

/**
 * L2A product folders with real metadata (src/test/resources/stac/l2a-metadata: MTD_MSIL2A.xml and the granule's
 * MTD_TL.xml of products in stactools-sentinel2's test data) and an empty image of each band, for the STAC items.
 */
public final class RealL2AProducts {

    public static final String T33XWJ = "S2B_MSIL2A_20220413T150759_N0400_R025_T33XWJ_20220414T082126";
    public static final String T01WCP = "S2A_MSIL2A_20230625T234621_N0509_R073_T01WCP_20230626T022157";

    private RealL2AProducts() {
    }

    public static Path t33xwj(Path dir) throws IOException {
        return at(dir, T33XWJ, "T33XWJ", "L2A_T33XWJ_A026649_20220413T150756", "T33XWJ_20220413T150759");
    }

    public static Path t01wcp(Path dir) throws IOException {
        return at(dir, T01WCP, "T01WCP", "L2A_T01WCP_A041826_20230625T234624", "T01WCP_20230625T234621");
    }

    /** A product folder with real MTD_MSIL2A.xml and MTD_TL.xml (src/test/resources/stac/l2a-metadata) and its images. */
    static Path at(Path dir, String l2a, String tile, String granule, String prefix) throws IOException {
        Path product = Files.createDirectories(dir.resolve(l2a + ".SAFE"));
        Path metadata = Projects.dir().resolve("src/test/resources/stac/l2a-metadata");
        Files.copy(metadata.resolve(tile + "_MTD_MSIL2A.xml"), product.resolve("MTD_MSIL2A.xml"));
        Path g = Files.createDirectories(product.resolve("GRANULE").resolve(granule));
        Files.copy(metadata.resolve(tile + "_MTD_TL.xml"), g.resolve("MTD_TL.xml"));
        for (String image : new String[] {"R10m/%s_B02_10m.jp2", "R10m/%s_TCI_10m.jp2", "R20m/%s_B02_20m.jp2",
                "R20m/%s_B8A_20m.jp2", "R20m/%s_SCL_20m.jp2", "R20m/%s_AOT_20m.jp2", "R20m/%s_WVP_20m.jp2",
                "R60m/%s_B01_60m.jp2", "R10m/%s_B03_10m.jp2", "R10m/%s_B04_10m.jp2", "R10m/%s_B08_10m.jp2",
                "R20m/%s_B05_20m.jp2", "R20m/%s_B06_20m.jp2", "R20m/%s_B07_20m.jp2", "R20m/%s_B11_20m.jp2",
                "R20m/%s_B12_20m.jp2", "R60m/%s_B09_60m.jp2"}) {
            Path file = g.resolve("IMG_DATA").resolve(String.format(image, prefix));
            Files.createDirectories(file.getParent());
            Files.write(file, new byte[16]);
        }
        Files.createDirectories(g.resolve("QI_DATA"));
        Files.write(g.resolve("QI_DATA").resolve(prefix + "_PVI.jp2"), new byte[16]);
        return product;
    }


    public static org.w3c.dom.Document metadata(Path product) {
        return Sen2CorProcess.parseMetadata(product.resolve("MTD_MSIL2A.xml"));
    }
}
