package io.sen2cor.operator.runner;

import java.nio.file.Path;
import java.util.List;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A .SAFE directory tree in any S3-compatible store: {@code <prefix><ID>.SAFE/...}, or, as in the Copernicus Data
 * Space eodata store, {@code <prefix>YYYY/MM/DD/<ID>.SAFE/...} (zero-padded).
 */
public final class S3SafeSource implements L1CSource {

    private final S3ProductStore store;

    public S3SafeSource(S3Client s3, String bucket, String prefix, boolean requesterPays, S3Transfers transfers) {
        this.store = new S3ProductStore(s3, bucket, prefix, requesterPays, transfers);
    }

    @Override
    public Path fetch(String productId, Path into) {
        int[] d = L1CSource.sensingDate(productId);
        for (String root : List.of(store.prefix() + productId + ".SAFE/",
                store.prefix() + String.format("%04d/%02d/%02d/", d[0], d[1], d[2]) + productId + ".SAFE/")) {
            List<S3Object> objects = S3Transfers.list(store.s3(), store.bucket(), root, store.requesterPays());
            if (!objects.isEmpty()) {
                Path safe = into.resolve(productId + ".SAFE");
                store.transfers().download(store.s3(), store.bucket(), objects.stream().filter(o -> !o.key().endsWith("/"))
                        .map(o -> new S3Transfers.Download(o.key(), o.size(), safe.resolve(o.key().substring(root.length()))))
                        .toList(), store.requesterPays());
                SafeLayout.ensureSkeleton(safe);
                return safe;
            }
        }
        throw new RunnerFailure(RunnerContract.EXIT_PRODUCT_NOT_FOUND, productId + ".SAFE not found in s3://" + store.bucket() + "/"
                + store.prefix());
    }
}
