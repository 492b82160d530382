package io.sen2cor.operator.aws;

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

import io.sen2cor.operator.api.Sen2CorJob;
import io.sen2cor.operator.runner.RunnerContract;
import io.sen2cor.operator.runner.S3Location;
import io.sen2cor.operator.runner.SceneResult;
import io.sen2cor.operator.stac.StacCatalog;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The runner's per-scene records ({@code <output>/<L1C id>/result.json}) as the source of truth for jobs AWS Batch
 * has forgotten: a job DescribeJobs no longer returns is never resubmitted; its scenes count as succeeded when
 * their record says so and as failed otherwise. Also what spec.scenes.skipExisting leaves out.
 */
final class OutputRecords {

    private OutputRecords() {
    }

    /** A settled snapshot for a forgotten job, from the records of the scenes it covered. */
    static JobSnapshot resolve(S3Client s3, Sen2CorJob job, String jobId, List<String> products) {
        int succeeded = succeeded(s3, job, products).size();
        Map<String, Integer> summary = new HashMap<>();
        summary.put("SUCCEEDED", succeeded);
        summary.put("FAILED", products.size() - succeeded);
        return new JobSnapshot(jobId, succeeded == products.size() ? "SUCCEEDED" : "FAILED",
                "AWS Batch no longer reports this job; counted from the result records in the output bucket",
                products.size() > 1 ? products.size() : 0, products.size() > 1 ? Map.copyOf(summary) : Map.of(),
                null, null, null, false, false);
    }

    /** Of {@code products}, those whose record says SUCCEEDED (spec.scenes.skipExisting). */
    static Set<String> succeeded(S3Client s3, Sen2CorJob job, List<String> products) {
        Set<String> done = new HashSet<>();
        records(s3, job, products).forEach((product, record) -> {
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
    static List<StacCatalog.Item> stacItems(Map<String, Optional<String>> records, List<String> products) {
        List<StacCatalog.Item> items = new ArrayList<>();
        for (String product : products) {
            records.get(product).filter(SceneResult::succeeded).ifPresent(record -> {
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

    /** Every product's record (empty: none), 16 read at a time. */
    static Map<String, Optional<String>> records(S3Client s3, Sen2CorJob job, List<String> products) {
        return records(s3, job, products, 16);
    }

    /** Every product's record (empty: none), {@code parallel} read at a time. */
    static Map<String, Optional<String>> records(S3Client s3, Sen2CorJob job, List<String> products, int parallel) {
        S3Location output = S3Location.parse(job.getSpec().getOutput().getUri());
        ExecutorService readers = Executors.newFixedThreadPool(parallel);
        try {
            Map<String, Future<Optional<String>>> reads = new LinkedHashMap<>();
            for (String product : products) {
                reads.put(product, readers.submit(() -> record(s3, output, product)));
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

    /** The scene's result.json; empty when it has none (404, or 403 without s3:ListBucket). */
    private static Optional<String> record(S3Client s3, S3Location output, String product) {
        S3Location record = output.resolve(product + "/" + RunnerContract.RESULT_FILE);
        try {
            return Optional.of(s3.getObjectAsBytes(r -> r.bucket(record.bucket()).key(record.key())).asUtf8String());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() != 403) {
                throw e;
            }
            // without s3:ListBucket (the documented policy grants none) S3 answers a missing key with 403, not
            // NoSuchKey: counted as no record, like a missing one, so recovery settles instead of failing forever
            return Optional.empty();
        }
    }
}
