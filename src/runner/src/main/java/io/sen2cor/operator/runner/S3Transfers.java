package io.sen2cor.operator.runner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import io.sen2cor.operator.contract.RunnerContract;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.RequestPayer;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Parallel S3 transfers for one scene. Downloads are resumable: a file already on local disk with the object's
 * size is kept, and a file appears under its name only once complete (written to a temporary name, then moved),
 * so a retried attempt on the same node does not start from zero. Large uploads go in parallel multipart parts.
 */
public final class S3Transfers implements AutoCloseable {

    static final long MULTIPART_THRESHOLD = 64L * 1024 * 1024;
    static final long PART_SIZE = 16L * 1024 * 1024;

    private final ExecutorService pool;
    private final AtomicLong bytesDown = new AtomicLong();
    private final AtomicLong bytesUp = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();

    public S3Transfers(int parallelism) {
        this.pool = Executors.newFixedThreadPool(parallelism, r -> {
            Thread t = new Thread(r, "s3-transfer");
            t.setDaemon(true);
            return t;
        });
    }

    /** An object read for a scene: its ETag as the store answered (null when kept from an earlier attempt). */
    public record Downloaded(String key, String etag, long size) {
    }

    private final java.util.Map<String, Downloaded> downloaded = new java.util.concurrent.ConcurrentHashMap<>();

    /** Every object the downloads read or kept, by key. */
    public List<Downloaded> downloaded() {
        return downloaded.values().stream().sorted(java.util.Comparator.comparing(Downloaded::key)).toList();
    }

    /** An object and where it goes locally. */
    public record Download(String key, long size, Path target) {
    }

    public static List<S3Object> list(S3Client s3, String bucket, String prefix, boolean requesterPays) {
        return s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix).requestPayer(payer(requesterPays)))
                .contents().stream().toList();
    }

    public void download(S3Client s3, String bucket, List<Download> downloads, boolean requesterPays) {
        run(downloads.stream().<Runnable>map(d -> () -> downloadOne(s3, bucket, d, requesterPays)).toList());
    }

    private void downloadOne(S3Client s3, String bucket, Download d, boolean requesterPays) {
        try {
            if (Files.isRegularFile(d.target()) && d.size() >= 0 && Files.size(d.target()) == d.size()) {
                skipped.incrementAndGet();
                downloaded.put(d.key(), new Downloaded(d.key(), null, d.size()));
                return;
            }
            Files.createDirectories(d.target().getParent());
            Path partial = d.target().resolveSibling(d.target().getFileName() + ".part");
            Files.deleteIfExists(partial);
            String etag = s3.getObject(r -> r.bucket(bucket).key(d.key()).requestPayer(payer(requesterPays)), partial).eTag();
            bytesDown.addAndGet(Files.size(partial));
            downloaded.put(d.key(), new Downloaded(d.key(), etag, Files.size(partial)));
            Files.move(partial, d.target(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Uploads every file below {@code dir} to {@code prefix}/<relative path>; returns the keys. */
    public List<String> uploadTree(S3Client s3, String bucket, String prefix, Path dir) {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> keys = new ArrayList<>();
        List<Runnable> work = new ArrayList<>();
        for (Path file : files) {
            String key = prefix + dir.relativize(file).toString().replace('\\', '/');
            keys.add(key);
            work.add(() -> upload(s3, bucket, key, file));
        }
        run(work);
        return keys;
    }

    public void upload(S3Client s3, String bucket, String key, Path file) {
        try {
            long size = Files.size(file);
            if (size < MULTIPART_THRESHOLD) {
                s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromFile(file));
            } else {
                multipart(s3, bucket, key, file, size);
            }
            bytesUp.addAndGet(size);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parts are uploaded one after the other here: the files of a tree already upload in parallel. */
    private static void multipart(S3Client s3, String bucket, String key, Path file, long size) throws IOException {
        String uploadId = s3.createMultipartUpload(r -> r.bucket(bucket).key(key)).uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            try (var channel = FileChannel.open(file)) {
                int number = 1;
                for (long offset = 0; offset < size; offset += PART_SIZE, number++) {
                    int length = (int) Math.min(PART_SIZE, size - offset);
                    var buffer = ByteBuffer.allocate(length);
                    channel.read(buffer, offset);
                    buffer.flip();
                    int n = number;
                    String etag = s3.uploadPart(r -> r.bucket(bucket).key(key).uploadId(uploadId).partNumber(n),
                            RequestBody.fromByteBuffer(buffer)).eTag();
                    parts.add(CompletedPart.builder().partNumber(n).eTag(etag).build());
                }
            }
            s3.completeMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)));
        } catch (RuntimeException | IOException e) {
            s3.abortMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId));
            throw e;
        }
    }

    private void run(List<Runnable> work) {
        List<Future<?>> futures = work.stream().<Future<?>>map(pool::submit).toList();
        RuntimeException first = null;
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (ExecutionException e) {
                if (first == null) {
                    first = e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RunnerFailure(RunnerContract.EXIT_RETRYABLE, "interrupted during transfer", e);
            }
        }
        if (first != null) {
            throw classify(first);
        }
    }

    /** Missing objects are the product's problem (permanent); everything else on the wire may pass (retryable). */
    static RuntimeException classify(RuntimeException e) {
        if (e instanceof RunnerFailure) {
            return e;
        }
        if (e instanceof NoSuchKeyException || e instanceof NoSuchBucketException) {
            return new RunnerFailure(RunnerContract.EXIT_PRODUCT_NOT_FOUND, "not found in the source: " + e.getMessage(), e);
        }
        if (e instanceof S3Exception s3 && (s3.statusCode() == 403 || s3.statusCode() == 404)) {
            return new RunnerFailure(s3.statusCode() == 403 ? RunnerContract.EXIT_CONFIG : RunnerContract.EXIT_PRODUCT_NOT_FOUND,
                    "S3 refused: " + s3.getMessage(), e);
        }
        if (e instanceof S3Exception || e instanceof SdkClientException || e instanceof UncheckedIOException) {
            return new RunnerFailure(RunnerContract.EXIT_RETRYABLE, "transfer failed: " + e.getMessage(), e);
        }
        return e;
    }

    static RequestPayer payer(boolean requesterPays) {
        return requesterPays ? RequestPayer.REQUESTER : null;
    }

    public long bytesDownloaded() {
        return bytesDown.get();
    }

    public long bytesUploaded() {
        return bytesUp.get();
    }

    public long filesSkipped() {
        return skipped.get();
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
