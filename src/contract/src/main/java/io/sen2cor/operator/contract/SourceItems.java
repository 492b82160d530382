package io.sen2cor.operator.contract;

import java.util.List;

/**
 * Where each selected scene's L1C STAC item is, without keeping an id per scene (a selection may hold a million):
 * catalogues name a product's item by a rule over the product id, which the operator checks against every item its
 * search read, and the runner expands into the L2A item's {@code derived_from} link (docs/stac.md, provenance).
 */
public final class SourceItems {

    /**
     * The item ids catalogues give a Sentinel-2 L1C product: the product id itself (catalogues of product names), and
     * Earth Search's {@code <mission>_<tile>_<sensing date>_<sequence>_L1C} with sequence 0, its first item of that
     * tile and day (S2B_20EPT_20250731_0_L1C for S2B_MSIL1C_20250731T131909_N0511_R095_T20EPT_20250731T143530).
     */
    public static final List<String> ID_FORMS = List.of("{product}", "{mission}_{tile}_{date}_0_L1C");

    private SourceItems() {
    }

    /**
     * {@code text} for the product: an id form of {@link #ID_FORMS} gives its item id, a link template (the catalogue's
     * items URL ending with one) its item's URL.
     */
    public static String expand(String text, String productId) {
        // S2B_MSIL1C_20250731T131909_N0511_R095_T20EPT_20250731T143530: fixed positions of the compact name
        return text.replace("{product}", productId).replace("{mission}", productId.substring(0, 3))
                .replace("{tile}", productId.substring(39, 44)).replace("{date}", productId.substring(11, 19));
    }
}
