package io.sen2cor.operator.contract;

import java.util.Map;
import java.util.Optional;

/**
 * The Sentinel-2 L2A images as Earth Search names them (its sentinel-2-l2a items, stactools-sentinel2 0.4): the asset
 * key and title of each band at its native resolution, and its wavelengths in micrometres, so loaders that ask for
 * "red" or "nir" find the runner's items as they find Earth Search's. Images at another resolution (Sen2Cor writes
 * most bands at 10, 20 and 60 m) keep the key with their resolution: {@code red_20m}.
 */
public final class SentinelBands {

    /**
     * @param key      the asset key at the native resolution, the eo common name for spectral bands
     * @param title    Earth Search's title, without the resolution
     * @param native_  the resolution of the key without suffix, in metres
     * @param center   centre wavelength (µm), null for products that are not a band
     * @param width    full width at half maximum (µm)
     */
    public record Band(String key, String title, int native_, Double center, Double width) {

        public boolean spectral() {
            return center != null;
        }
    }

    public static final Map<String, Band> BY_FILE_CODE = Map.ofEntries(
            Map.entry("B01", new Band("coastal", "Coastal aerosol (band 1)", 60, 0.443, 0.027)),
            Map.entry("B02", new Band("blue", "Blue (band 2)", 10, 0.49, 0.098)),
            Map.entry("B03", new Band("green", "Green (band 3)", 10, 0.56, 0.045)),
            Map.entry("B04", new Band("red", "Red (band 4)", 10, 0.665, 0.038)),
            Map.entry("B05", new Band("rededge1", "Red edge 1 (band 5)", 20, 0.704, 0.019)),
            Map.entry("B06", new Band("rededge2", "Red edge 2 (band 6)", 20, 0.74, 0.018)),
            Map.entry("B07", new Band("rededge3", "Red edge 3 (band 7)", 20, 0.783, 0.028)),
            Map.entry("B08", new Band("nir", "NIR 1 (band 8)", 10, 0.842, 0.145)),
            Map.entry("B8A", new Band("nir08", "NIR 2 (band 8A)", 20, 0.865, 0.033)),
            Map.entry("B09", new Band("nir09", "NIR 3 (band 9)", 60, 0.945, 0.026)),
            Map.entry("B11", new Band("swir16", "SWIR 1 (band 11)", 20, 1.61, 0.143)),
            Map.entry("B12", new Band("swir22", "SWIR 2 (band 12)", 20, 2.19, 0.242)),
            Map.entry("AOT", new Band("aot", "Aerosol optical thickness (AOT)", 20, null, null)),
            Map.entry("WVP", new Band("wvp", "Water vapour (WVP)", 20, null, null)),
            Map.entry("SCL", new Band("scl", "Scene classification map (SCL)", 20, null, null)),
            Map.entry("TCI", new Band("visual", "True color image", 10, null, null)));

    private SentinelBands() {
    }

    /** The band of an image file code (B02, B8A, SCL, ...), empty for files that are not one (masks, previews). */
    public static Optional<Band> of(String fileCode) {
        return Optional.ofNullable(BY_FILE_CODE.get(fileCode));
    }

    /** The eo extension's common name of a band: its key, but the three red edge bands are all "rededge". */
    public static String commonName(Band band) {
        return band.key().startsWith("rededge") ? "rededge" : band.key();
    }

    /** The asset key of a band's image at {@code resolution}: the bare key at its native resolution. */
    public static String key(Band band, int resolution) {
        return resolution == band.native_() ? band.key() : band.key() + "_" + resolution + "m";
    }

    /** MTD band_id of a band: B01..B08 are 0..7, B8A 8, B09 9, B10 10, B11 11, B12 12. */
    public static String bandIndex(String band) {
        return switch (band) {
            case "B8A" -> "8";
            case "B09" -> "9";
            case "B10" -> "10";
            case "B11" -> "11";
            case "B12" -> "12";
            default -> String.valueOf(Integer.parseInt(band.substring(1)) - 1);
        };
    }
}
