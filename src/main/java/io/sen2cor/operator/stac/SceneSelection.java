package io.sen2cor.operator.stac;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import io.sen2cor.operator.api.SameDatatake;
import io.sen2cor.operator.api.SceneSelectionStatus;
import io.sen2cor.operator.api.SceneSelector;
import io.sen2cor.operator.contract.SourceItems;
import io.sen2cor.operator.contract.Sha256;

/**
 * What a search's items come to (a pure decision): the distinct product ids sorted, duplicates, older baselines of a
 * datatake, unservable items.
 */
public final class SceneSelection {

    static final int LISTED_UNSERVABLE = 20;
    /** An item id as status lists it: catalogues may send ids of any length. */
    static final int MAX_LISTED_ID = 128;

    private SceneSelection() {
    }

    /** @param sameDatatake what to do with products of one tile and datatake at several processing baselines */
    public static SceneSelectionStatus of(StacSearch.Result result, Instant now, SameDatatake sameDatatake) {
        StacSearch.Tally tally = result.tally();
        int distinct = tally.products().size();
        String[] products = tally.products().toArray(new String[0]);
        int superseded = 0;
        if (sameDatatake != SameDatatake.All) {
            String[] newest = newestBaselines(products);
            superseded = products.length - newest.length;
            products = newest;
        } else {
            Arrays.sort(products);
        }
        List<String> selected = Arrays.asList(products);
        SceneSelectionStatus s = new SceneSelectionStatus();
        s.setMatched(tally.matched());
        s.setSuperseded(superseded == 0 ? null : superseded);
        s.setSelected(products.length);
        s.setDuplicates(tally.matched() - tally.unservable() - distinct);
        s.setUnservable(tally.unservable() == 0 ? null : tally.unservableIds().stream()
                .map(id -> id.length() > MAX_LISTED_ID ? id.substring(0, MAX_LISTED_ID) + "..." : id).toList());
        s.setProducts(new ArrayList<>(selected));
        s.setSha256(sha256(selected));
        s.setPages(result.pages());
        s.setResolvedAt(now.toString());
        return s;
    }

    /**
     * Of products of one datatake and tile (the same satellite, sensing time, relative orbit and tile in the product id:
     * S2A_MSIL1C_20190122T075221_N0207_R135_T36NXF_20190122T091707), only the highest processing baseline (N0500 over
     * N0207), and of equal baselines the latest product discriminator (the last field). Sorts {@code products} by
     * datatake and keeps the first of each, allocating nothing per id (a selection may hold a million); returns the
     * kept ids sorted.
     */
    static String[] newestBaselines(String[] products) {
        Arrays.sort(products, BY_DATATAKE_NEWEST_FIRST);
        int kept = 0;
        for (int i = 0; i < products.length; i++) {
            if (kept == 0 || !sameDatatake(products[kept - 1], products[i])) {
                products[kept++] = products[i];
            }
        }
        String[] newest = Arrays.copyOf(products, kept);
        Arrays.sort(newest);
        return newest;
    }

    // fixed positions of the compact name (Patterns.L1C_PRODUCT_ID): satellite 0-3, sensing time 11-26, baseline
    // 28-32 (after the N), relative orbit 33-37, tile 38-44, discriminator 45-60
    private static final int[][] DATATAKE = {{0, 3}, {11, 26}, {33, 37}, {38, 44}};

    private static final Comparator<String> BY_DATATAKE_NEWEST_FIRST = (a, b) -> {
        for (int[] field : DATATAKE) {
            int c = region(a, b, field[0], field[1]);
            if (c != 0) {
                return c;
            }
        }
        int baseline = region(b, a, 28, 32); // higher first: N0500 before N0207
        return baseline != 0 ? baseline : region(b, a, 45, 60);
    };

    private static boolean sameDatatake(String a, String b) {
        for (int[] field : DATATAKE) {
            if (region(a, b, field[0], field[1]) != 0) {
                return false;
            }
        }
        return true;
    }

    private static int region(String a, String b, int from, int to) {
        for (int i = from; i < to; i++) {
            int c = Character.compare(a.charAt(i), b.charAt(i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /**
     * The selected scenes' items: the STAC API's items path of the searched collection with the id rule every item
     * read fits ({@link SourceItems}), or null when no rule fits.
     */
    static String sourceItems(SceneSelector selector, StacSearch.Tally tally) {
        if (tally.itemIdForm() == null) {
            return null;
        }
        String root = selector.getCatalog().replaceFirst("/+$", "");
        return root + "/collections/" + URLEncoder.encode(selector.getCollection(), StandardCharsets.UTF_8) + "/items/"
                + tally.itemIdForm();
    }

    /** Leaves out the products already done; the hash then covers what is left. */
    public static void skip(SceneSelectionStatus selection, java.util.Set<String> done) {
        List<String> left = selection.getProducts().stream().filter(p -> !done.contains(p)).toList();
        selection.setSkipped(selection.getProducts().size() - left.size());
        selection.setProducts(new ArrayList<>(left));
        selection.setSelected(left.size());
        selection.setSha256(sha256(left));
    }

    /** SHA-256 of the ids, one per line, each ended by a newline. */
    static String sha256(Iterable<String> ids) {
        return Sha256.ofLines(ids);
    }
}
