package io.sen2cor.operator.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

/**
 * A real Earth Search L1C item of 31 July 2025 moved to another day (its id, times and product name), for tests of
 * what is sensed "now": subscriptions poll the present. Derived, not real: no such product exists, which only moto's
 * runs (no container) allow.
 */
public final class DerivedItems {

    public static final Path REAL = Projects.dir().resolve("src/test/resources/stac/earth-search-l1c/items");

    private DerivedItems() {
    }

    /** {@code item} (a file name under {@link #REAL}, e.g. S2B_24MWV_20250731_0_L1C.json) as sensed on {@code day}. */
    public static Path sensedOn(String item, LocalDate day, Path dir) {
        try {
            String compact = day.toString().replace("-", "");
            Path out = dir.resolve(item.replace("20250731", compact));
            Files.createDirectories(dir);
            Files.writeString(out, Files.readString(REAL.resolve(item)).replace("20250731", compact)
                    .replace("2025-07-31", day.toString()));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The product id of {@code item} as sensed on {@code day}. */
    public static String product(String realProduct, LocalDate day) {
        return realProduct.replace("20250731", day.toString().replace("-", ""));
    }
}
