package io.sen2cor.operator.work;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.sen2cor.operator.api.Patterns;

/** Reads the duration and memory strings the schema admits (see {@link Patterns#DURATION}, {@link Patterns#MEMORY}). */
public final class Quantities {

    private static final Pattern DURATION_PART = Pattern.compile("([0-9]+)([hms])");

    private Quantities() {
    }

    /** "2h", "90m", "1h30m", "45s". */
    public static Duration duration(String value) {
        if (value == null || !value.matches(Patterns.DURATION)) {
            throw new IllegalArgumentException("not a duration: " + value);
        }
        Duration total = Duration.ZERO;
        Matcher m = DURATION_PART.matcher(value);
        while (m.find()) {
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "h" -> Duration.ofHours(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofSeconds(n);
            });
        }
        return total;
    }

    /** "16Gi" is 16384, "500Mi" is 500. */
    public static int memoryMiB(String value) {
        if (value == null || !value.matches(Patterns.MEMORY)) {
            throw new IllegalArgumentException("not a memory size: " + value);
        }
        int n = Integer.parseInt(value.substring(0, value.length() - 2));
        return value.endsWith("Gi") ? Math.multiplyExact(n, 1024) : n;
    }
}
