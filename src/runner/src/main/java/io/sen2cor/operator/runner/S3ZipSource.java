package io.sen2cor.operator.runner;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** A zipped .SAFE ({@code <prefix><ID>.zip} or {@code <ID>.SAFE.zip}), downloaded then unpacked. */
public final class S3ZipSource implements L1CSource {

    private final S3ProductStore store;

    public S3ZipSource(S3Client s3, String bucket, String prefix, boolean requesterPays, S3Transfers transfers) {
        this.store = new S3ProductStore(s3, bucket, prefix, requesterPays, transfers);
    }

    @Override
    public Fetched fetch(String productId, Path into) {
        for (String key : List.of(store.prefix() + productId + ".zip", store.prefix() + productId + ".SAFE.zip")) {
            List<S3Object> found = S3Transfers.list(store.s3(), store.bucket(), key, store.requesterPays()).stream()
                    .filter(o -> o.key().equals(key)).toList();
            if (found.isEmpty()) {
                continue;
            }
            Path zip = into.resolve(productId + ".zip");
            store.transfers().download(store.s3(), store.bucket(), List.of(new S3Transfers.Download(key, found.get(0).size(), zip)), store.requesterPays());
            Path safe = into.resolve(productId + ".SAFE");
            unzip(zip, into, productId);
            if (!Files.isDirectory(safe)) {
                throw new RunnerFailure(RunnerContract.EXIT_INVALID_PRODUCT, key + " holds no " + productId + ".SAFE directory");
            }
            SafeLayout.ensureSkeleton(safe);
            return new Fetched(safe, "s3://" + store.bucket() + "/" + key);
        }
        throw new RunnerFailure(RunnerContract.EXIT_PRODUCT_NOT_FOUND, productId + ".zip not found in s3://" + store.bucket() + "/" + store.prefix());
    }

    /** Unpacks, refusing entries that would land outside {@code into} (zip slip). */
    static void unzip(Path zip, Path into, String productId) {
        Path root = into.toAbsolutePath().normalize();
        try (InputStream in = Files.newInputStream(zip); ZipInputStream z = new ZipInputStream(in)) {
            ZipEntry e;
            while ((e = z.getNextEntry()) != null) {
                Path target = root.resolve(e.getName()).normalize();
                if (!target.startsWith(root)) {
                    throw new RunnerFailure(RunnerContract.EXIT_INVALID_PRODUCT, "zip entry outside the product: " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(z, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException ex) {
            throw new RunnerFailure(RunnerContract.EXIT_INVALID_PRODUCT, "cannot unzip " + productId + ": " + ex.getMessage(), ex);
        }
    }
}
