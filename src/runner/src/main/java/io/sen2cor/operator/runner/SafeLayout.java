package io.sen2cor.operator.runner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import io.sen2cor.operator.contract.RunnerContract;

/**
 * The parts of a .SAFE Sen2Cor insists on even when empty: it fails without AUX_DATA/ and HTML/, and lists each
 * DATASTRIP/&lt;ds&gt;/QI_DATA/ unguarded (products before baseline 02.05 have no datastrip QI files, and object stores
 * keep no empty folders).
 */
final class SafeLayout {

    private SafeLayout() {
    }

    static void ensureSkeleton(Path safe) {
        try {
            for (String dir : new String[] {"AUX_DATA", "HTML", "rep_info", "DATASTRIP", "GRANULE"}) {
                Files.createDirectories(safe.resolve(dir));
            }
            try (Stream<Path> datastrips = Files.list(safe.resolve("DATASTRIP"))) {
                for (Path ds : datastrips.filter(Files::isDirectory).toList()) {
                    Files.createDirectories(ds.resolve("QI_DATA"));
                }
            }
            if (!Files.isRegularFile(safe.resolve("MTD_MSIL1C.xml"))) {
                throw new RunnerFailure(RunnerContract.EXIT_INVALID_PRODUCT, safe.getFileName() + " has no MTD_MSIL1C.xml");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Refuses downloads whose file would land outside {@code root}: object keys and the names in a product's own
     * metadata come from whoever controls the source bucket, and {@code ../} in them must not reach the rest of the
     * work folder (the zip case is {@link S3ZipSource#unzip}).
     */
    static List<S3Transfers.Download> contained(Path root, List<S3Transfers.Download> downloads) {
        for (S3Transfers.Download d : downloads) {
            requireWithin(root, d.target(), "object " + d.key());
        }
        return downloads;
    }

    /** Refuses a path (from a product's own metadata or keys) that is {@code root} itself or outside it. */
    static Path requireWithin(Path root, Path target, String what) {
        Path base = root.toAbsolutePath().normalize();
        Path normal = target.toAbsolutePath().normalize();
        if (!normal.startsWith(base) || normal.equals(base)) {
            throw new RunnerFailure(RunnerContract.EXIT_INVALID_PRODUCT, what + " would be written outside the product's "
                    + "folder; refused");
        }
        return target;
    }
}
