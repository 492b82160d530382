package io.sen2cor.operator.runner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The parts of a .SAFE Sen2Cor insists on even when empty (it fails without AUX_DATA/ and HTML/). */
final class SafeLayout {

    private SafeLayout() {
    }

    static void ensureSkeleton(Path safe) {
        try {
            for (String dir : new String[] {"AUX_DATA", "HTML", "rep_info", "DATASTRIP", "GRANULE"}) {
                Files.createDirectories(safe.resolve(dir));
            }
            if (!Files.isRegularFile(safe.resolve("MTD_MSIL1C.xml"))) {
                throw new RunnerFailure(RunnerContract.EXIT_INVALID_PRODUCT, safe.getFileName() + " has no MTD_MSIL1C.xml");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
