package io.sen2cor.operator.contract;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The scenes' result records ({@code <output>/<L1C id>/result.json}) of a job, read back: what skipExisting leaves
 * out and what the job's STAC collection links. Read by the operator on AWS Batch and by the runner's tasks on
 * Kubernetes (docs/stac.md), with the same rules.
 */
public final class ResultRecords {

    private ResultRecords() {
    }

    /** Every product's record (empty: none), {@code parallel} read at a time. */
    public static Map<String, Optional<String>> read(S3Client s3, S3Location output, List<String> products, int parallel) {
        return read(s3, output, products, parallel, () -> { });
    }

    /** Every product's record (empty: none), {@code parallel} read at a time, each after {@code beforeEach} returned. */
    public static Map<String, Optional<String>> read(S3Client s3, S3Location output, List<String> products, int parallel,
            Runnable beforeEach) {
        ExecutorService readers = Executors.newFixedThreadPool(parallel);
        try {
            Map<String, Future<Optional<String>>> reads = new LinkedHashMap<>();
            for (String product : products) {
                reads.put(product, readers.submit(() -> {
                    beforeEach.run();
                    return record(s3, output, product);
                }));
            }
            Map<String, Optional<String>> out = new HashMap<>();
            for (var read : reads.entrySet()) {
                out.put(read.getKey(), read.getValue().get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading result records", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            readers.shutdownNow();
        }
    }

    /** The products whose record lets a run keep them ({@link SceneResult#reusable}). */
    public static Set<String> reusable(Map<String, Optional<String>> records, String settings, boolean keepAny) {
        Set<String> done = new HashSet<>();
        records.forEach((product, record) -> {
            if (record.filter(r -> SceneResult.reusable(r, settings, keepAny)).isPresent()) {
                done.add(product);
            }
        });
        return done;
    }

    /** The products whose record says SUCCEEDED. */
    public static Set<String> succeeded(Map<String, Optional<String>> records) {
        Set<String> done = new HashSet<>();
        records.forEach((product, record) -> {
            if (record.filter(SceneResult::succeeded).isPresent()) {
                done.add(product);
            }
        });
        return done;
    }

    /**
     * The STAC items of the products whose record says SUCCEEDED and names one, in the order of {@code products},
     * with the bbox and datetime the runner copied into the record.
     */
    public static List<StacCatalog.Item> stacItems(Map<String, Optional<String>> records, List<String> products) {
        List<StacCatalog.Item> items = new ArrayList<>();
        for (String product : products) {
            records.getOrDefault(product, Optional.empty()).filter(SceneResult::succeeded).ifPresent(record -> {
                String href = SceneResult.stacItem(record);
                if (!href.isEmpty()) {
                    var extent = SceneResult.stacItemExtent(record);
                    items.add(new StacCatalog.Item(href, extent.map(SceneResult.ItemExtent::bbox).orElse(null),
                            extent.map(SceneResult.ItemExtent::datetime).orElse(null)));
                }
            });
        }
        return items;
    }

    /** The scene's result.json; empty when it has none (404); a 403 is a refusal, not a missing record. */
    private static Optional<String> record(S3Client s3, S3Location output, String product) {
        S3Location record = output.resolve(product + "/" + RunnerContract.RESULT_FILE);
        try {
            return Optional.of(s3.getObjectAsBytes(r -> r.bucket(record.bucket()).key(record.key())).asUtf8String());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 403) {
                throw new RecordAccessDenied(record, e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage());
            }
            throw e;
        }
    }
}
