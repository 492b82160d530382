package io.sen2cor.operator.aws;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.sen2cor.operator.api.BatchEnvironment;
import io.sen2cor.operator.api.Sen2CorJob;
import io.sen2cor.operator.contract.S3Location;
import io.sen2cor.operator.work.JobFolder;
import io.sen2cor.operator.work.RunnerEnvironment;
import io.sen2cor.operator.work.SceneChunks;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.batch.model.JobSummary;
import software.amazon.awssdk.services.batch.model.KeyValuePair;
import software.amazon.awssdk.services.batch.model.KeyValuesPair;
import software.amazon.awssdk.services.batch.model.SubmitJobRequest;

/**
 * The SubmitJob requests of a Sen2CorJob (pure): one array job per 10,000 scenes (a plain job for a chunk of one,
 * since AWS arrays have 2 to 10,000 children), deterministic names so a restarted operator finds what it already
 * submitted, and the scene list in the S3 manifest rather than in the request (SubmitJob is capped at 30 KiB).
 */
public final class JobSubmissions {

    public static final int MAX_ARRAY_SIZE = SceneChunks.SIZE;
    static final int MAX_NAME = 128;
    /** Tag on submitted jobs: the Sen2CorJob's UID. */
    public static final String JOB_UID_TAG = "sen2cor.io/sen2corjob-uid";
    /** Namespace and name as two tags: together (up to 317 characters) they would pass AWS's 256-character value limit. */
    public static final String JOB_NAMESPACE_TAG = "sen2cor.io/sen2corjob-namespace";
    public static final String JOB_NAME_TAG = "sen2cor.io/sen2corjob-name";

    private JobSubmissions() {
    }

    /** One array job per chunk of the round's manifest ({@link #array}), a plain job for a chunk of one. */
    public static List<SceneChunks.Chunk> chunks(int scenes) {
        return SceneChunks.of(scenes, MAX_ARRAY_SIZE);
    }

    /** AWS arrays have 2 to 10,000 children: a chunk of one scene is submitted as a plain job. */
    public static boolean array(SceneChunks.Chunk chunk) {
        return chunk.size() > 1;
    }

    /** {@code s2c-<namespace>-<name>-<uid8>-r<round>-<chunk>}, within AWS's 128 characters and alphabet. */
    public static String jobName(Sen2CorJob job, int round, int chunk) {
        String suffix = "-" + JobFolder.shortUid(job) + "-r" + round + "-" + chunk;
        String base = "s2c-" + sanitize(job.getMetadata().getNamespace()) + "-" + sanitize(job.getMetadata().getName());
        int room = MAX_NAME - suffix.length();
        return (base.length() > room ? base.substring(0, room) : base) + suffix;
    }

    private static String sanitize(String kubernetesName) {
        return kubernetesName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "-");
    }

    public static Map<String, String> tags(Sen2CorJob job) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(JOB_UID_TAG, job.getMetadata().getUid());
        tags.put(JOB_NAMESPACE_TAG, job.getMetadata().getNamespace());
        tags.put(JOB_NAME_TAG, job.getMetadata().getName());
        tags.put(OwnershipTags.MANAGED_BY, OwnershipTags.OPERATOR);
        return tags;
    }

    public static SubmitJobRequest request(Sen2CorJob job, int round, SceneChunks.Chunk chunk, String queueArn,
            String jobDefinitionArn, S3Location manifest, String capacity) {
        SubmitJobRequest.Builder r = SubmitJobRequest.builder()
                .jobName(jobName(job, round, chunk.index()))
                .jobQueue(queueArn)
                .jobDefinition(jobDefinitionArn)
                .containerOverrides(o -> o.environment(environment(job, manifest, chunk.offset(), capacity)))
                .tags(tags(job))
                .propagateTags(true);
        if (array(chunk)) {
            r.arrayProperties(a -> a.size(chunk.size()));
        }
        return r.build();
    }

    /** The request on {@code env}: with its namespace's share identifier when the environment shares by namespace. */
    public static SubmitJobRequest request(Sen2CorJob job, BatchEnvironment env, int round, SceneChunks.Chunk chunk, String queueArn,
            String jobDefinitionArn, S3Location manifest, String capacity) {
        SubmitJobRequest request = request(job, round, chunk, queueArn, jobDefinitionArn, manifest, capacity);
        return env.getSpec().getAwsBatch().getFairShare() == null ? request
                : request.toBuilder().shareIdentifier(FairSharePolicies.shareIdentifier(job.getMetadata().getNamespace())).build();
    }

    static List<KeyValuePair> environment(Sen2CorJob job, S3Location manifest, int offset, String capacity) {
        return RunnerEnvironment.of(job, manifest.toString(), offset, capacity).entrySet().stream()
                .map(e -> KeyValuePair.builder().name(e.getKey()).value(e.getValue()).build()).toList();
    }

    /**
     * Whether a job of this name may already be in AWS Batch, so that SubmitJob must look for it first (SubmitJob has
     * no idempotency token; names are unique per job, round and chunk). Yes when this process sent it before (the
     * answer may have been lost, or the status write after it), and when the Sen2CorJob is not newer than this
     * process's first submission: an earlier process (before a restart, or the previous leader, which exits when it
     * loses the lease) may have sent it and died before its status write. A Sen2CorJob created after that (its
     * creation time, truncated to seconds, still after it) was only ever seen by this process.
     */
    static boolean mayExist(boolean attemptedHere, Instant created, Instant submittingSince) {
        return attemptedHere || created == null || submittingSince == null || !created.isAfter(submittingSince);
    }

    /**
     * ListJobs with a JOB_NAME filter returns jobs of every status: finds what a crashed operator submitted. Array
     * children carry their parent's name and a {@code <parent>:<index>} id; only the parent counts.
     */
    static Optional<String> findByName(BatchClient batch, String queueArn, String name) {
        return batch.listJobsPaginator(r -> r.jobQueue(queueArn)
                        .filters(KeyValuesPair.builder().name("JOB_NAME").values(name).build()))
                .jobSummaryList().stream().filter(s -> name.equals(s.jobName()) && !s.jobId().contains(":"))
                .map(JobSummary::jobId).findFirst();
    }
}
