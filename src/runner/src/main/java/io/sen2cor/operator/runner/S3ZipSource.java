package io.sen2cor.operator.runner;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import io.sen2cor.operator.contract.RunnerContract;
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

    /**
     * Most a zipped product may unpack to: an L1C .SAFE is about 0.6-1.2 GB (a few hundred files), so 8 GiB and
     * 20,000 entries leave room for any real one and stop a zip bomb before it fills the work volume.
     */
    static final long MAX_UNPACKED_BYTES = 8L << 30;
    static final int MAX_ENTRIES = 20_000;

    static void unzip(Path zip, Path into, String productId) {
        unzip(zip, into, productId, MAX_UNPACKED_BYTES, MAX_ENTRIES);
    }

    /** Unpacks, refusing entries that would land outside {@code into} (zip slip) and more than the limits. */
    static void unzip(Path zip, Path into, String productId, long maxBytes, int maxEntries) {
        Path root = into.toAbsolutePath().normalize();
        long unpacked = 0;
        int entries = 0;
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(zip); ZipInputStream z = new ZipInputStream(in)) {
            ZipEntry e;
            while ((e = z.getNextEntry()) != null) {
                if (++entries > maxEntries) {
                    throw new RunnerFailure(RunnerContract.EXIT_INVALID_PRODUCT, productId + ".zip has more than " + maxEntries
                            + " entries; refused");
                }
                Path target = root.resolve(e.getName()).normalize();
                if (!target.startsWith(root) || target.equals(root)) {
                    throw new RunnerFailure(RunnerContract.EXIT_INVALID_PRODUCT, "zip entry outside the product: " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                Files.createDirectories(target.getParent());
                // counted as it is written: an entry's declared size may lie
                try (OutputStream out = Files.newOutputStream(target)) {
                    int n;
                    while ((n = z.read(buffer)) > 0) {
                        unpacked += n;
                        if (unpacked > maxBytes) {
                            throw new RunnerFailure(RunnerContract.EXIT_INVALID_PRODUCT, productId + ".zip unpacks to more than "
                                    + (maxBytes >> 20) + " MiB; refused");
                        }
                        out.write(buffer, 0, n);
                    }
                }
            }
        } catch (IOException ex) {
            throw new RunnerFailure(RunnerContract.EXIT_INVALID_PRODUCT, "cannot unzip " + productId + ": " + ex.getMessage(), ex);
        }
    }
}
