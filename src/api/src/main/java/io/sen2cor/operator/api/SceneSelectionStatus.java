package io.sen2cor.operator.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

/** What spec.scenes resolved to, frozen when the job was created: the catalogue changing later changes nothing. */
public class SceneSelectionStatus {

    @JsonPropertyDescription("Items the catalogue returned for the selector.")
    private Integer matched;

    @JsonPropertyDescription("Product ids selected: matched minus duplicates, superseded baselines and ids the source "
            + "cannot serve.")
    private Integer selected;

    @JsonPropertyDescription("Products left out because their result record already says SUCCEEDED (scenes.skipExisting).")
    private Integer skipped;

    @JsonPropertyDescription("Items that named a product already selected (the same product in two items).")
    private Integer duplicates;

    @JsonPropertyDescription("Products left out because the selection holds a newer processing baseline of the same "
            + "tile and datatake (scenes.sameDatatake: NewestBaseline).")
    private Integer superseded;

    @JsonPropertyDescription("Items left out because they name no L1C product id the source can serve, up to 20.")
    private List<String> unservable;

    @JsonPropertyDescription("The selected product ids, sorted; empty above 10,000 (see manifestUri).")
    @JsonDeserialize(contentUsing = InternedString.class)
    private List<String> products;

    @JsonPropertyDescription("Above 10,000 selected ids: where they are kept instead (one id per line, the order of "
            + "sha256), so status stays the same size whatever the scene count: the output store (awsBatch), or round "
            + "0's first manifest ConfigMap (kubernetes: configmap://<namespace>/<job>-r0-0-scenes, then -r0-1-scenes, "
            + "... one per 10,000 ids, gzip'd).")
    private String manifestUri;

    @JsonPropertyDescription("SHA-256 of the selected ids, one per line in this order: compare selections.")
    private String sha256;

    @JsonPropertyDescription("Where each selected scene's L1C STAC item is: the catalogue's items URL with the rule its "
            + "item ids follow ({product}: the product id; Earth Search's {mission}_{tile}_{date}_0_L1C), checked "
            + "against every item the search read. Each L2A item links its L1C item there as derived_from. Unset when "
            + "the catalogue's ids follow no such rule (the L2A item then links only where its L1C was read).")
    private String sourceItems;

    @JsonPropertyDescription("Result pages read from the catalogue.")
    private Integer pages;

    @JsonPropertyDescription("When the selection was resolved (RFC 3339).")
    private String resolvedAt;

    public String getSourceItems() {
        return sourceItems;
    }

    public void setSourceItems(String sourceItems) {
        this.sourceItems = sourceItems;
    }

    public Integer getMatched() {
        return matched;
    }

    public void setMatched(Integer matched) {
        this.matched = matched;
    }

    public Integer getSelected() {
        return selected;
    }

    public void setSelected(Integer selected) {
        this.selected = selected;
    }

    public Integer getSuperseded() {
        return superseded;
    }

    public void setSuperseded(Integer superseded) {
        this.superseded = superseded;
    }

    public Integer getDuplicates() {
        return duplicates;
    }

    public void setDuplicates(Integer duplicates) {
        this.duplicates = duplicates;
    }

    public List<String> getUnservable() {
        return unservable;
    }

    public void setUnservable(List<String> unservable) {
        this.unservable = unservable;
    }

    public List<String> getProducts() {
        return products;
    }

    public void setProducts(List<String> products) {
        this.products = products;
    }

    public String getSha256() {
        return sha256;
    }

    public void setSha256(String sha256) {
        this.sha256 = sha256;
    }

    public Integer getPages() {
        return pages;
    }

    public void setPages(Integer pages) {
        this.pages = pages;
    }

    public String getResolvedAt() {
        return resolvedAt;
    }

    public void setResolvedAt(String resolvedAt) {
        this.resolvedAt = resolvedAt;
    }

    public Integer getSkipped() {
        return skipped;
    }

    public void setSkipped(Integer skipped) {
        this.skipped = skipped;
    }

    public String getManifestUri() {
        return manifestUri;
    }

    public void setManifestUri(String manifestUri) {
        this.manifestUri = manifestUri;
    }
}
