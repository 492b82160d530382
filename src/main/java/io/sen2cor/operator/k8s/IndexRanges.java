package io.sen2cor.operator.k8s;

import java.util.ArrayList;
import java.util.List;

/** Reads and writes the Job status index lists ({@code completedIndexes: "1,3-5,7"}). */
public final class IndexRanges {

    private IndexRanges() {
    }

    public static List<Integer> parse(String ranges) {
        List<Integer> out = new ArrayList<>();
        if (ranges == null || ranges.isBlank()) {
            return out;
        }
        for (String part : ranges.split(",")) {
            String p = part.trim();
            int dash = p.indexOf('-');
            if (dash < 0) {
                out.add(Integer.parseInt(p));
            } else {
                int from = Integer.parseInt(p.substring(0, dash));
                int to = Integer.parseInt(p.substring(dash + 1));
                for (int i = from; i <= to; i++) {
                    out.add(i);
                }
            }
        }
        return out;
    }

    public static int count(String ranges) {
        if (ranges == null || ranges.isBlank()) {
            return 0;
        }
        int n = 0;
        for (String part : ranges.split(",")) {
            String p = part.trim();
            int dash = p.indexOf('-');
            n += dash < 0 ? 1 : Integer.parseInt(p.substring(dash + 1)) - Integer.parseInt(p.substring(0, dash)) + 1;
        }
        return n;
    }

    /** Sorted indexes in the Job status' own form: runs of consecutive indexes as "from-to". */
    public static String format(List<Integer> indexes) {
        List<Integer> sorted = indexes.stream().sorted().distinct().toList();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < sorted.size(); i++) {
            int from = sorted.get(i);
            int to = from;
            while (i + 1 < sorted.size() && sorted.get(i + 1) == to + 1) {
                to = sorted.get(++i);
            }
            if (out.length() > 0) {
                out.append(',');
            }
            out.append(from);
            if (to > from) {
                out.append('-').append(to);
            }
        }
        return out.toString();
    }
}
