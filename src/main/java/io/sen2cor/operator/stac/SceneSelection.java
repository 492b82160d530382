package io.sen2cor.operator.stac;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;

import io.sen2cor.operator.api.SceneSelectionStatus;

/** What a search's items come to (a pure decision): the distinct product ids sorted, duplicates, unservable items. */
public final class SceneSelection {

    static final int LISTED_UNSERVABLE = 20;
    /** An item id as status lists it: catalogues may send ids of any length. */
    static final int MAX_LISTED_ID = 128;

    private SceneSelection() {
    }

    public static SceneSelectionStatus of(StacSearch.Result result, Instant now) {
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
        SceneSelectionStatus s = new SceneSelectionStatus();
        s.setMatched(result.items().size());
        s.setSelected(products.size());
        s.setDuplicates(duplicates);
        s.setUnservable(unservableCount == 0 ? null : unservable);
        s.setProducts(new ArrayList<>(products));
        s.setSha256(sha256(products));
        s.setPages(result.pages());
        s.setResolvedAt(now.toString());
        return s;
    }

    /** Leaves out the products already done; the hash then covers what is left. */
    public static void skip(SceneSelectionStatus selection, java.util.Set<String> done) {
        List<String> left = selection.getProducts().stream().filter(p -> !done.contains(p)).toList();
        selection.setSkipped(selection.getProducts().size() - left.size());
        selection.setProducts(new ArrayList<>(left));
        selection.setSelected(left.size());
        selection.setSha256(sha256(left));
    }

    static String sha256(Iterable<String> ids) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String id : ids) {
                digest.update((id + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
