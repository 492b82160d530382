package io.sen2cor.operator.runner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sen2cor.operator.contract.RunnerContract;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The requester-pays {@code sentinel-s2-l1c} bucket, whose {@code products/YYYY/M/D/<ID>/} and
 * {@code tiles/<utm>/<band>/<square>/YYYY/M/D/<seq>/} prefixes are not a .SAFE (docs/architecture.md, "Sen2Cor and the L1C sources"). The .SAFE is rebuilt
 * the way established tools (sentinelhub's AWS product download) do: product metadata.xml becomes MTD_MSIL1C.xml,
 * and its IMAGE_FILE entries name the GRANULE folders and band files Sen2Cor will look for; each tile's bands,
 * metadata.xml (MTD_TL.xml), qi/ and auxiliary/ go into its granule; each datastrip's metadata.xml (MTD_DS.xml)
 * and qi/ into DATASTRIP/; empty AUX_DATA/ and HTML/ are added.
 */
public final class AwsL1CSource implements L1CSource {

    private static final Pattern IMAGE_FILE = Pattern.compile("<IMAGE_FILE>GRANULE/([^/<]+)/IMG_DATA/([^<]+)</IMAGE_FILE>");
    private static final Pattern TILE_CODE = Pattern.compile("_(T\\d{2}[A-Z]{3})_");
    private static final Pattern MASK_JP2 = Pattern.compile("(DETFOO|QUALIT|CLASSI)_B[0-9A]{2}\\.jp2");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final S3Client s3;
    private final String bucket;
    private final boolean requesterPays;
    private final S3Transfers transfers;

    public AwsL1CSource(S3Client s3, String bucket, boolean requesterPays, S3Transfers transfers) {
        this.s3 = s3;
        this.bucket = bucket;
        this.requesterPays = requesterPays;
        this.transfers = transfers;
    }

    @Override
    public Fetched fetch(String productId, Path into) {
        int[] d = L1CSource.sensingDate(productId);
        String productPath = "products/" + d[0] + "/" + d[1] + "/" + d[2] + "/" + productId + "/";
        Path safe = into.resolve(productId + ".SAFE");
        // productInfo.json only guides the rebuild: no real .SAFE has it
        Path info = into.resolve(productId + ".productInfo.json");
        List<S3Transfers.Download> productFiles = new ArrayList<>(List.of(
                new S3Transfers.Download(productPath + "productInfo.json", -1, info),
                new S3Transfers.Download(productPath + "metadata.xml", -1, safe.resolve("MTD_MSIL1C.xml")),
                new S3Transfers.Download(productPath + "manifest.safe", -1, safe.resolve("manifest.safe"))));
        // Sen2Cor copies INSPIRE.xml into the L2A product and parses it; products that have none stay without
        S3Transfers.list(s3, bucket, productPath + "inspire.xml", requesterPays).stream()
                .filter(o -> o.key().equals(productPath + "inspire.xml")).findFirst()
                .ifPresent(o -> productFiles.add(new S3Transfers.Download(o.key(), o.size(), safe.resolve("INSPIRE.xml"))));
        transfers.download(s3, bucket, productFiles, requesterPays);
        JsonNode productInfo = read(info);
        Map<String, Map<String, String>> granules = granules(safe.resolve("MTD_MSIL1C.xml"));

        List<S3Transfers.Download> downloads = new ArrayList<>();
        Set<String> datastrips = new LinkedHashSet<>();
        for (JsonNode tile : productInfo.path("tiles")) {
            // the bucket's paths and productInfo.json's utmZone are unpadded (tiles/7/W/FR), .SAFE names are not (T07WFR)
            String code = String.format("T%02d%s%s", tile.path("utmZone").asInt(), tile.path("latitudeBand").asText(),
                    tile.path("gridSquare").asText());
            String granule = granules.keySet().stream().filter(g -> g.contains("_" + code + "_")).findFirst()
                    .orElseThrow(() -> new RunnerFailure(RunnerContract.EXIT_INVALID_PRODUCT,
                            "MTD_MSIL1C.xml of " + productId + " names no granule for tile " + code));
            String tilePath = tile.path("path").asText() + "/";
            Path dir = safe.resolve("GRANULE").resolve(granule);
            for (S3Object o : S3Transfers.list(s3, bucket, tilePath, requesterPays)) {
                Path target = tileTarget(o.key().substring(tilePath.length()), dir, granules.get(granule));
                if (target != null) {
                    downloads.add(new S3Transfers.Download(o.key(), o.size(), target));
                }
            }
            if (tile.has("datastrip")) {
                datastrips.add(tile.path("datastrip").path("id").asText() + "|" + tile.path("datastrip").path("path").asText());
            }
        }
        if (downloads.isEmpty()) {
            throw new RunnerFailure(RunnerContract.EXIT_INVALID_PRODUCT, productId + ": no tile data under the product's tiles");
        }
        for (String ds : datastrips) {
            String id = ds.substring(0, ds.indexOf('|'));
            String path = ds.substring(ds.indexOf('|') + 1) + "/";
            Path dir = safe.resolve("DATASTRIP").resolve(datastripFolder(id));
            SafeLayout.requireWithin(safe.resolve("DATASTRIP"), dir, "datastrip " + id);
            for (S3Object o : S3Transfers.list(s3, bucket, path, requesterPays)) {
                String rel = o.key().substring(path.length());
                if (rel.equals("metadata.xml")) {
                    downloads.add(new S3Transfers.Download(o.key(), o.size(), dir.resolve("MTD_DS.xml")));
                } else if (rel.startsWith("qi/")) {
                    // the bucket's <NAME>_report.xml is the .SAFE's <NAME>.xml
                    String name = rel.substring(3).replaceFirst("_report\\.xml$", ".xml");
                    downloads.add(new S3Transfers.Download(o.key(), o.size(), dir.resolve("QI_DATA").resolve(name)));
                }
            }
            createDirectories(dir);
        }
        transfers.download(s3, bucket, SafeLayout.contained(safe, downloads), requesterPays);
        SafeLayout.ensureSkeleton(safe);
        return new Fetched(safe, "s3://" + bucket + "/" + productPath);
    }

    /** Granule folder -> (band, e.g. B01 or TCI -> image file name without extension), from MTD_MSIL1C.xml. */
    static Map<String, Map<String, String>> granules(Path mtd) {
        String xml;
        try {
            xml = Files.readString(mtd);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        Matcher m = IMAGE_FILE.matcher(xml);
        while (m.find()) {
            String image = m.group(2);
            String band = image.substring(image.lastIndexOf('_') + 1);
            out.computeIfAbsent(m.group(1), g -> new LinkedHashMap<>()).put(band, image);
        }
        if (out.isEmpty() || out.keySet().stream().anyMatch(g -> !TILE_CODE.matcher(g + "_").find())) {
            throw new RunnerFailure(RunnerContract.EXIT_INVALID_PRODUCT, "MTD_MSIL1C.xml lists no usable IMAGE_FILE entries");
        }
        return out;
    }

    /** Where a file of a tile prefix goes in its granule, or null when the .SAFE has no place for it. */
    static Path tileTarget(String rel, Path granule, Map<String, String> images) {
        if (rel.equals("metadata.xml")) {
            return granule.resolve("MTD_TL.xml");
        }
        if (rel.startsWith("qi/")) {
            String name = rel.substring(3);
            // baseline 04.00 and later: the masks are qi/DETFOO_B01.jp2 in the bucket, QI_DATA/MSK_DETFOO_B01.jp2 in
            // the .SAFE (and in MTD_TL.xml)
            return granule.resolve("QI_DATA").resolve(MASK_JP2.matcher(name).matches() ? "MSK_" + name : name);
        }
        if (rel.equals("preview.jp2")) {
            // Sen2Cor takes the L2A preview's geo box from QI_DATA/<T##XXX>_<datatake>_PVI.jp2
            String anyImage = images.values().iterator().next();
            return granule.resolve("QI_DATA").resolve(anyImage.substring(0, anyImage.lastIndexOf('_')) + "_PVI.jp2");
        }
        if (rel.startsWith("auxiliary/")) {
            String name = rel.substring("auxiliary/".length());
            return granule.resolve("AUX_DATA").resolve(name.startsWith("AUX_") ? name : "AUX_" + name);
        }
        if (rel.endsWith(".jp2") && !rel.contains("/")) {
            String band = rel.substring(0, rel.length() - 4);
            String image = images.get(band);
            return image == null ? null : granule.resolve("IMG_DATA").resolve(image + ".jp2");
        }
        return null;
    }

    /** S2A_OPER_MSI_L1C_DS_SGS__20190122T091707_S20190122T075958_N02.07 -> DS_SGS__20190122T091707_S20190122T075958. */
    static String datastripFolder(String id) {
        int ds = id.indexOf("_DS_");
        String name = ds < 0 ? id : id.substring(ds + 1);
        return name.replaceFirst("_N\\d{2}\\.\\d{2}$", "");
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode read(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new RunnerFailure(RunnerContract.EXIT_INVALID_PRODUCT, "unreadable productInfo.json: " + e.getMessage(), e);
        }
    }
}
