package io.sen2cor.operator.stac;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import io.sen2cor.operator.api.SameDatatake;
import io.sen2cor.operator.api.SceneSelectionStatus;
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
        TreeSet<String> products = new TreeSet<>();
        List<String> unservable = new ArrayList<>();
        int unservableCount = 0;
        int duplicates = 0;
        for (StacSearch.Item item : result.items()) {
            if (item.productId() == null) {
                unservableCount++;
                if (unservable.size() < LISTED_UNSERVABLE) {
                    String id = item.id();
                    unservable.add(id.length() > MAX_LISTED_ID ? id.substring(0, MAX_LISTED_ID) + "..." : id);
                }
            } else if (!products.add(item.productId())) {
                duplicates++;
            }
        }
        int superseded = 0;
        if (sameDatatake != SameDatatake.All) {
            TreeSet<String> newest = newestBaselines(products);
            superseded = products.size() - newest.size();
            products = newest;
        }
        SceneSelectionStatus s = new SceneSelectionStatus();
        s.setMatched(result.items().size());
        s.setSuperseded(superseded == 0 ? null : superseded);
        s.setSelected(products.size());
        s.setDuplicates(duplicates);
        s.setUnservable(unservableCount == 0 ? null : unservable);
        s.setProducts(new ArrayList<>(products));
        s.setSha256(sha256(products));
        s.setPages(result.pages());
        s.setResolvedAt(now.toString());
        return s;
    }

    /**
     * Of products of one datatake and tile (the same satellite, sensing time, relative orbit and tile in the product id:
     * S2A_MSIL1C_20190122T075221_N0207_R135_T36NXF_20190122T091707), only the highest processing baseline (N0500 over
     * N0207), and of equal baselines the latest product discriminator (the last field).
     */
    static TreeSet<String> newestBaselines(Iterable<String> products) {
        Map<String, String> newest = new HashMap<>();
        for (String product : products) {
            String[] f = product.split("_");
            String datatake = f[0] + "_" + f[2] + "_" + f[4] + "_" + f[5];
            newest.merge(datatake, product, (a, b) -> newer(a, b) ? a : b);
        }
        return new TreeSet<>(newest.values());
    }

    private static boolean newer(String a, String b) {
        String[] fa = a.split("_");
        String[] fb = b.split("_");
        int baseline = Integer.compare(Integer.parseInt(fa[3].substring(1)), Integer.parseInt(fb[3].substring(1)));
        return baseline != 0 ? baseline > 0 : fa[6].compareTo(fb[6]) >= 0;
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
        StringBuilder lines = new StringBuilder();
        ids.forEach(id -> lines.append(id).append('\n'));
        return Sha256.of(lines.toString().getBytes(StandardCharsets.UTF_8));
    }
}
