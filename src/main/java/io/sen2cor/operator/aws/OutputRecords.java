package io.sen2cor.operator.aws;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.sen2cor.operator.api.Sen2CorJob;
import io.sen2cor.operator.runner.RunnerContract;
import io.sen2cor.operator.runner.S3Location;
import io.sen2cor.operator.runner.SceneResult;
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
        S3Location output = S3Location.parse(job.getSpec().getOutput().getUri());
        int succeeded = (int) products.stream().filter(product -> succeeded(s3, output, product)).count();
        Map<String, Integer> summary = new HashMap<>();
        summary.put("SUCCEEDED", succeeded);
        summary.put("FAILED", products.size() - succeeded);
        return new JobSnapshot(jobId, succeeded == products.size() ? "SUCCEEDED" : "FAILED",
                "AWS Batch no longer reports this job; counted from the result records in the output bucket",
                products.size() > 1 ? products.size() : 0, products.size() > 1 ? Map.copyOf(summary) : Map.of(),
                null, null, null, false, false);
    }

    /** Of {@code products}, those whose record says SUCCEEDED (spec.scenes.skipExisting); 16 read at a time. */
    static Set<String> succeeded(S3Client s3, Sen2CorJob job, List<String> products) {
        S3Location output = S3Location.parse(job.getSpec().getOutput().getUri());
        ExecutorService readers = Executors.newFixedThreadPool(16);
        try {
            List<Future<String>> reads = new ArrayList<>();
            for (String product : products) {
                reads.add(readers.submit(() -> succeeded(s3, output, product) ? product : null));
            }
            Set<String> done = new HashSet<>();
            for (Future<String> read : reads) {
                String product = read.get();
                if (product != null) {
                    done.add(product);
                }
            }
            return done;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading result records", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            readers.shutdownNow();
        }
    }

    /** Whether the scene's record says SUCCEEDED; no record (404, or 403 without s3:ListBucket) is not. */
    private static boolean succeeded(S3Client s3, S3Location output, String product) {
        S3Location record = output.resolve(product + "/" + RunnerContract.RESULT_FILE);
        try {
            return SceneResult.succeeded(s3.getObjectAsBytes(r -> r.bucket(record.bucket()).key(record.key())).asUtf8String());
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() != 403) {
                throw e;
            }
            // without s3:ListBucket (the documented policy grants none) S3 answers a missing key with 403, not
            // NoSuchKey: counted as no record, like a missing one, so recovery settles instead of failing forever
            return false;
        }
    }
}
