package io.sen2cor.operator.runner;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.sen2cor.operator.contract.RunnerContract;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A .SAFE directory tree in any S3-compatible store: {@code <prefix><ID>.SAFE/...}, or, as in the Copernicus Data
 * Space eodata store, {@code <prefix>YYYY/MM/DD/<ID>.SAFE/...} (zero-padded). There, products of the 05.00
 * reprocessing (N0500 in the id) live beside the others under {@code .../L1C_N0500/} instead of {@code .../L1C/}: with a
 * prefix ending in {@code L1C/}, an N0500 product is looked up there first, so one Sen2CorJob can mix both.
 */
public final class S3SafeSource implements L1CSource {

    private final S3ProductStore store;

    public S3SafeSource(S3Client s3, String bucket, String prefix, boolean requesterPays, S3Transfers transfers) {
        this.store = new S3ProductStore(s3, bucket, prefix, requesterPays, transfers);
    }

    @Override
    public Fetched fetch(String productId, Path into) {
        for (String root : candidateRoots(store.prefix(), productId)) {
            List<S3Object> objects = S3Transfers.list(store.s3(), store.bucket(), root, store.requesterPays());
            if (!objects.isEmpty()) {
                Path safe = into.resolve(productId + ".SAFE");
                store.transfers().download(store.s3(), store.bucket(), SafeLayout.contained(safe, objects.stream()
                        .filter(o -> !o.key().endsWith("/"))
                        .map(o -> new S3Transfers.Download(o.key(), o.size(), safe.resolve(o.key().substring(root.length()))))
                        .toList()), store.requesterPays());
                SafeLayout.ensureSkeleton(safe);
                return new Fetched(safe, "s3://" + store.bucket() + "/" + root);
            }
        }
        throw new RunnerFailure(RunnerContract.EXIT_PRODUCT_NOT_FOUND, productId + ".SAFE not found in s3://" + store.bucket() + "/"
                + String.join(", ", candidateRoots(store.prefix(), productId)));
    }

    /** Where the product's .SAFE may start, in the order they are tried. */
    static List<String> candidateRoots(String prefix, String productId) {
        int[] d = L1CSource.sensingDate(productId);
        String day = String.format("%04d/%02d/%02d/", d[0], d[1], d[2]);
        List<String> roots = new ArrayList<>();
        if (productId.contains("_N0500_") && prefix.endsWith("L1C/")) {
            roots.add(prefix.substring(0, prefix.length() - "L1C/".length()) + "L1C_N0500/" + day + productId + ".SAFE/");
        }
        roots.add(prefix + productId + ".SAFE/");
        roots.add(prefix + day + productId + ".SAFE/");
        return roots;
    }
}
