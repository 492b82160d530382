package io.sen2cor.operator.aws;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.sen2cor.operator.api.BatchEnvironment;
import io.sen2cor.operator.api.SceneRound;
import io.sen2cor.operator.api.Sen2CorJob;
import io.sen2cor.operator.backend.FailedScene;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.batch.model.JobDetail;
import software.amazon.awssdk.services.batch.model.JobSummary;

/**
 * A round's failed scenes on AWS Batch: the FAILED children of its array jobs (ListJobs, paged within the DescribeJobs
 * rate) or its plain jobs, with whether a suspend cancelled them; and, for those the lifecycle wants described, their
 * attempts, Spot interruptions and log (DescribeJobs of 100 at a time).
 */
final class BatchFailures {

    private final AwsClientPool aws;
    private final BatchJobTracker tracker;
    private final SceneManifests manifests;

    BatchFailures(AwsClientPool aws, BatchJobTracker tracker, SceneManifests manifests) {
        this.aws = aws;
        this.tracker = tracker;
        this.manifests = manifests;
    }

    /** Every failed scene of a round: ListJobs of FAILED children (array jobs) or the job itself (plain jobs). */
    List<FailedScene> failedScenes(Sen2CorJob job, BatchEnvironment env, SceneRound round) {
        String region = env.getSpec().getAwsBatch().getRegion();
        BatchClient batch = aws.region(region).batch();
        List<String> products = manifests.products(aws.region(region).s3(), job, round.getRound(), round.getManifestUri());
        var chunks = JobSubmissions.chunks(round.getScenes());
        List<FailedScene> failed = new ArrayList<>();
        for (int i = 0; i < round.getJobIds().size(); i++) {
            String id = round.getJobIds().get(i);
            var chunk = chunks.get(i);
            JobSnapshot s = tracker.snapshot(id).orElse(null);
            if (s == null) {
                continue;
            }
            if (!JobSubmissions.array(chunk)) {
                if ("FAILED".equals(s.status())) {
                    failed.add(new FailedScene(products.get(chunk.offset()), String.valueOf(s.statusReason()), id,
                            s.cancelRequested() && s.startedAt() == null, null, null));
                }
                continue;
            }
            if (s.summary().getOrDefault("FAILED", 0) == 0 && !"FAILED".equals(s.status())) {
                continue;
            }
            // a 10,000-child array lists in up to 10 pages: each page waits for the DescribeJobs rate limiter
            var pages = batch.listJobsPaginator(r -> r.arrayJobId(id).jobStatus("FAILED")).stream()
                    .peek(page -> tracker.limiter().acquire()).flatMap(page -> page.jobSummaryList().stream()).toList();
            for (JobSummary child : pages) {
                Integer index = childIndex(child);
                if (index == null || chunk.offset() + index >= products.size()) {
                    continue;
                }
                String reason = child.statusReason() == null ? "failed" : child.statusReason();
                if (child.container() != null && child.container().exitCode() != null) {
                    reason += " (exit code " + child.container().exitCode() + ")";
                }
                // cancelled by suspend: the child's own flag, or a cancel accepted for its parent before it started
                // (children need not carry the parent's reason)
                boolean cancelled = Boolean.TRUE.equals(child.isCancelled()) || s.cancelRequested() && child.startedAt() == null;
                failed.add(new FailedScene(products.get(chunk.offset() + index), reason, child.jobId(), cancelled, null, null));
            }
        }
        return failed;
    }

    /** The child's array index: from its summary, else from its {@code <parent>:<index>} id (moto leaves it out). */
    static Integer childIndex(JobSummary child) {
        if (child.arrayProperties() != null && child.arrayProperties().index() != null) {
            return child.arrayProperties().index();
        }
        int colon = child.jobId().lastIndexOf(':');
        try {
            return colon < 0 ? null : Integer.valueOf(child.jobId().substring(colon + 1));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Attempts and the failed attempt's log, from DescribeJobs of 100 jobs at a time (AWS's limit per call). */
    List<FailedScene> detail(BatchEnvironment env, List<FailedScene> failed) {
        if (failed.isEmpty()) {
            return failed;
        }
        String region = env.getSpec().getAwsBatch().getRegion();
        List<String> ids = failed.stream().map(FailedScene::workId).distinct().toList();
        Map<String, JobDetail> details = new HashMap<>();
        for (List<String> part : BatchJobTracker.describeBatches(ids)) {
            aws.region(region).batch().describeJobs(r -> r.jobs(part)).jobs().forEach(d -> details.put(d.jobId(), d));
        }
        List<FailedScene> out = new ArrayList<>();
        for (FailedScene f : failed) {
            JobDetail d = details.get(f.workId());
            if (d == null) {
                out.add(f);
                continue;
            }
            String reason = f.reason();
            if (d.container() != null && d.container().exitCode() != null && !reason.contains("exit code")) {
                reason = reason + " (exit code " + d.container().exitCode() + ")";
            }
            if ("failed".equals(f.reason()) && d.statusReason() != null) {
                reason = d.statusReason();
            }
            out.add(f.withDetail(reason, d.hasAttempts() ? d.attempts().size() : null, JobAttempts.log(d, region))
                    .withInterruptions(JobAttempts.spotInterruptions(d), JobAttempts.endedByInterruption(d)));
        }
        return out;
    }
}
