package io.sen2cor.operator.runner;

import java.nio.file.Path;

/** Where an L1C product comes from; each implementation leaves a valid .SAFE directory on local disk. */
public interface L1CSource {

    /** The local .SAFE directory, and where in the store the product was found (an s3:// URI). */
    record Fetched(Path safe, String origin) {
    }

    /** Fetches {@code productId} below {@code into}. */
    Fetched fetch(String productId, Path into);

    /** Year, month and day of the sensing start, from the product id (S2A_MSIL1C_20190122T075221_...). */
    static int[] sensingDate(String productId) {
        String t = productId.split("_")[2];
        return new int[] {Integer.parseInt(t.substring(0, 4)), Integer.parseInt(t.substring(4, 6)),
                Integer.parseInt(t.substring(6, 8))};
    }
}
