package io.sen2cor.operator.aws;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.sen2cor.operator.api.Sen2CorJob;
import io.sen2cor.operator.contract.ResultRecords;
import io.sen2cor.operator.contract.RunnerContract;
import io.sen2cor.operator.contract.S3Location;
import io.sen2cor.operator.work.RunnerEnvironment;
import software.amazon.awssdk.services.s3.S3Client;

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

    /**
     * Of {@code products}, those whose record lets the job keep them (spec.scenes.skipExisting): SUCCEEDED, and made
     * with this job's Sen2Cor version and settings unless spec.output.keepExisting is Any.
     */
    static Set<String> succeeded(S3Client s3, Sen2CorJob job, List<String> products) {
        var env = RunnerEnvironment.of(job, "", 0, "");
        return ResultRecords.reusable(records(s3, job, products), RunnerContract.settingsFingerprint(env),
                RunnerContract.KEEP_ANY.equals(env.get(RunnerContract.KEEP_EXISTING)));
    }

    /** Every product's record (empty: none), 16 read at a time. */
    static Map<String, Optional<String>> records(S3Client s3, Sen2CorJob job, List<String> products) {
        return records(s3, job, products, 16, () -> { });
    }

    /** Every product's record (empty: none), {@code parallel} read at a time, each after {@code beforeEach}. */
    static Map<String, Optional<String>> records(S3Client s3, Sen2CorJob job, List<String> products, int parallel,
            Runnable beforeEach) {
        return ResultRecords.read(s3, S3Location.parse(job.getSpec().getOutput().getUri()), products, parallel, beforeEach);
    }
}
