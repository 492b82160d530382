package io.sen2cor.operator.naming;

/** Names as label values: kept when they fit a label value's 63 characters and syntax, trimmed with a hash otherwise. */
public final class LabelValues {

    private LabelValues() {
    }

    /**
     * A label value for a name: the name itself when it is one (at most 63 characters of the allowed set), else a
     * trimmed form with a hash of the whole name, so selecting by it stays exact.
     */
    public static String of(String name) {
        if (name.length() <= 63 && name.matches("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]")) {
            return name;
        }
        String hash = "-" + ShortHash.of(name, 3);
        String base = name.replaceAll("[^-A-Za-z0-9_.]", "-");
        base = base.substring(0, Math.min(base.length(), 63 - hash.length())).replaceAll("[^A-Za-z0-9]+$", "");
        return base + hash;
    }
}
