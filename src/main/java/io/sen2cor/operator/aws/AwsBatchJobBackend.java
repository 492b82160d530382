package io.sen2cor.operator.aws;

import io.sen2cor.operator.backend.SceneRollup;

import io.sen2cor.operator.backend.JobSnapshot;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.sen2cor.operator.api.BatchEnvironment;
import io.sen2cor.operator.api.BatchJobsStatus;
import io.sen2cor.operator.api.BatchRound;
import io.sen2cor.operator.api.JobPhase;
import io.sen2cor.operator.api.SceneCounts;
import io.sen2cor.operator.api.SceneFailure;
import io.sen2cor.operator.api.Sen2CorJob;
import io.sen2cor.operator.api.Sen2CorJobStatus;
import io.sen2cor.operator.backend.BackendType;
import io.sen2cor.operator.backend.JobBackend;
import io.sen2cor.operator.backend.JobProgress;
import io.sen2cor.operator.backend.Observation;
import io.sen2cor.operator.status.ConditionType;
import io.sen2cor.operator.status.Conditions;
import io.sen2cor.operator.status.EventSink;
import io.sen2cor.operator.status.Reason;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.batch.model.JobSummary;
import software.amazon.awssdk.services.batch.model.KeyValuesPair;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;

/**
 * The {@code awsBatch} backend of Sen2CorJobs: registers (or reuses) the job definition, writes the scene manifest,
 * submits one array job per 10,000 scenes (one SubmitJob per reconcile, ids written to status at once, existing jobs
 * found by their deterministic names so a restart never submits twice), and rolls the shared
 * {@link BatchJobTracker}'s snapshots up into status. Failed scenes are retried on request, suspend cancels queued
 * work, deletion terminates what still runs; outputs are never touched.
 */
public class AwsBatchJobBackend implements JobBackend {

    static final String CANCEL_REASON = "sen2cor-operator: Sen2CorJob suspended";
    static final String TERMINATE_REASON = "sen2cor-operator: Sen2CorJob deleted";
    private static final Logger LOG = Logger.getLogger(AwsBatchJobBackend.class);

    private final AwsClientPool aws;
    private final EventSink events;
    private final BatchJobTracker tracker;
    private final TokenBucket submitLimiter;
    private final String defaultImage;
    private final Duration stuckAfter;
    private final Duration safetyResync;
    private final Clock clock;
    private final SceneManifests manifests = new SceneManifests();
    /** Job definition ARNs by region and content name (see JobDefinitions). */
    private final Map<String, String> definitions = new ConcurrentHashMap<>();

    public AwsBatchJobBackend(AwsClientPool aws, EventSink events, BatchJobTracker tracker, TokenBucket submitLimiter,
            String defaultImage, Duration stuckAfter, Duration safetyResync, Clock clock) {
        this.aws = aws;
        this.events = events;
        this.tracker = tracker;
        this.submitLimiter = submitLimiter;
        this.defaultImage = defaultImage;
        this.stuckAfter = stuckAfter;
        this.safetyResync = safetyResync;
        this.clock = clock;
    }

    @Override
    public BackendType type() {
        return BackendType.AWS_BATCH;
    }

    @Override
    public List<io.javaoperatorsdk.operator.processing.event.source.EventSource<?, Sen2CorJob>> eventSources(
            io.javaoperatorsdk.operator.api.reconciler.EventSourceContext<Sen2CorJob> context) {
        return List.of(tracker);
    }

    public BatchJobTracker tracker() {
        return tracker;
    }

    @Override
    public Observation reconcile(Sen2CorJob job, BatchEnvironment env, Sen2CorJobStatus status) {
        try {
            return run(job, env, status);
        } catch (NoSuchBucketException e) {
            return Observation.degraded(Reason.OutputBucketNotFound, "output bucket of " + job.getSpec().getOutput().getUri()
                    + " does not exist; nothing was submitted", safetyResync);
        } catch (AwsServiceException | SdkClientException e) {
            return AwsFailures.observe(e, Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofSeconds(30));
        }
    }

    private Observation run(Sen2CorJob job, BatchEnvironment env, Sen2CorJobStatus status) {
        String region = env.getSpec().getAwsBatch().getRegion();
        BatchClient batch = aws.region(region).batch();
        S3Client s3 = aws.region(region).s3();
        BatchJobsStatus b = status.getBatch() == null ? new BatchJobsStatus() : status.getBatch();
        status.setBatch(b);
        ResourceID owner = ResourceID.fromResource(job);
        boolean suspend = Boolean.TRUE.equals(job.getSpec().getSuspend());

        BatchRound last = b.getRounds().isEmpty() ? null : b.getRounds().get(b.getRounds().size() - 1);
        if (last == null || !submittedAll(last)) {
            if (suspend) {
                if (last == null) {
                    status.setPhase(JobPhase.Pending);
                }
                return new Observation(Observation.State.READY, Reason.Suspended,
                        "spec.suspend is true: nothing more is submitted", null);
            }
            if (last == null) {
                last = newRound(b, "Initial", job.getSpec().getProducts().size());
            }
            return submitNext(job, env, status, last, batch, s3, owner);
        }

        if (JobProgress.settled(job, status)) {
            // finished work never changes on its own: re-tracking it would count its scenes as pending again
            // (the tracker dropped them when it finished) and flip the phase back to Running until the next poll
            return JobProgress.finished(status.getPhase(), status.getScenes());
        }
        tracker.track(owner, region, allJobIds(b));
        resolveForgotten(job, b, s3);
        SceneCounts before = status.getScenes();
        SceneCounts counts = SceneRollup.rollUp(job.getSpec().getProducts().size(), b.getRounds(),
                id -> tracker.snapshot(id).orElse(null));
        JobProgress.record(status, counts, now());
        List<Failed> failed = List.of();
        if (JobProgress.needsFailureDetail(before, counts, status)) {
            failed = failedScenes(job, last, batch, s3);
            status.setFailures(bounded(failed, batch));
        } else if (counts.getFailed() == 0) {
            status.setFailures(null);
        }

        if (JobProgress.active(counts)) {
            status.setPhase(JobPhase.Running);
            if (suspend) {
                return suspendRunning(job, status, batch, last);
            }
            return stuckOrRunning(job, env, status, counts);
        }

        // everything of the last round has finished
        boolean cancelled = failed.stream().anyMatch(Failed::cancelled);
        JobPhase phase = SceneRollup.phase(counts, cancelled);
        if (!suspend && cancelled) {
            return resubmit(job, env, status, b, batch, s3, owner, failed.stream().filter(Failed::cancelled).toList(), "Resume");
        }
        if (JobProgress.takeRetryRequest(job, status) && !failed.isEmpty()) {
            return resubmit(job, env, status, b, batch, s3, owner, failed, "RetryFailed");
        }
        tracker.untrack(owner);
        if (JobProgress.finish(status, phase, now())) {
            writeReport(job, status, failed, s3);
            events.record(job, JobProgress.finishedReason(phase), JobProgress.finishedEvent(phase, counts));
        }
        return JobProgress.finished(phase, counts);
    }

    private static boolean submittedAll(BatchRound round) {
        return round.getManifestUri() != null && round.getJobIds().size() == JobSubmissions.chunks(round.getScenes()).size();
    }

    private static BatchRound newRound(BatchJobsStatus b, String cause, int scenes) {
        BatchRound round = new BatchRound();
        round.setRound(b.getRounds().size());
        round.setCause(cause);
        round.setScenes(scenes);
        b.getRounds().add(round);
        return round;
    }

    /** At most one SubmitJob per call, so each job id reaches status before the next is submitted. */
    private Observation submitNext(Sen2CorJob job, BatchEnvironment env, Sen2CorJobStatus status, BatchRound round,
            BatchClient batch, S3Client s3, ResourceID owner) {
        BatchJobsStatus b = status.getBatch();
        String queueArn = env.getStatus() == null || env.getStatus().getJobQueue() == null ? null
                : env.getStatus().getJobQueue().getArn();
        if (queueArn == null) {
            return Observation.progressing("waiting for BatchEnvironment " + env.getMetadata().getName()
                    + " to report its job queue", Duration.ofSeconds(10));
        }
        b.setJobQueueArn(queueArn);
        String region = env.getSpec().getAwsBatch().getRegion();
        if (b.getJobDefinitionArn() == null || round.getJobIds().isEmpty()) {
            // once per content and region: identical Sen2CorJobs share it. Forgotten when this operator
            // deregisters it or AWS refuses a SubmitJob naming it (someone else deregistered it).
            var content = JobDefinitions.content(job, env, defaultImage);
            b.setJobDefinitionArn(definitions.computeIfAbsent(region + "/" + content.name(),
                    key -> JobDefinitions.ensure(batch, content, OwnershipTags.forEnvironment(env))));
        }
        if (round.getManifestUri() == null) {
            List<String> products = round.getRound() == 0 ? job.getSpec().getProducts() : List.of();
            round.setManifestUri(manifests.write(s3, job, round.getRound(), products).toString());
        }
        var chunk = JobSubmissions.chunks(round.getScenes()).get(round.getJobIds().size());
        String name = JobSubmissions.jobName(job, round.getRound(), chunk.index());
        Optional<String> existing = findByName(batch, queueArn, name);
        String jobId;
        if (existing.isPresent()) {
            jobId = existing.get();
            LOG.infof("Sen2CorJob %s/%s: found already submitted job %s (%s), not submitting again",
                    job.getMetadata().getNamespace(), job.getMetadata().getName(), name, jobId);
        } else {
            submitLimiter.acquire();
            try {
                jobId = aws.region(region).batchWithoutRetries().submitJob(JobSubmissions.request(job, round.getRound(), chunk,
                        queueArn, b.getJobDefinitionArn(), S3Location.parse(round.getManifestUri()))).jobId();
            } catch (AwsServiceException e) {
                if (AwsFailures.refused(e)) {
                    // AWS Batch's ClientException, e.g. the job definition was deregistered outside the operator:
                    // look it up again next time
                    definitions.values().remove(b.getJobDefinitionArn());
                    b.setJobDefinitionArn(null);
                }
                throw e;
            }
            events.record(job, Reason.JobSubmitted, "submitted " + (chunk.array() ? "array job" : "job") + " " + name
                    + " (" + jobId + ") for " + chunk.size() + " scene(s)" + (round.getRound() > 0 ? ", round "
                            + round.getRound() + " (" + round.getCause() + ")" : ""));
        }
        round.getJobIds().add(jobId);
        if (status.getStartTime() == null) {
            status.setStartTime(now());
        }
        status.setPhase(JobPhase.Submitting);
        tracker.track(owner, region, List.of(jobId));
        return Observation.progressing("submitted " + jobName(round, chunk.index()) + " of round " + round.getRound(),
                Duration.ofMillis(1));
    }

    private static String jobName(BatchRound round, int chunk) {
        return "chunk " + (chunk + 1) + "/" + JobSubmissions.chunks(round.getScenes()).size();
    }

    /**
     * ListJobs with a JOB_NAME filter returns jobs of every status: finds what a crashed operator submitted. Array
     * children carry their parent's name and a {@code <parent>:<index>} id; only the parent counts.
     */
    private static Optional<String> findByName(BatchClient batch, String queueArn, String name) {
        return batch.listJobsPaginator(r -> r.jobQueue(queueArn)
                        .filters(KeyValuesPair.builder().name("JOB_NAME").values(name).build()))
                .jobSummaryList().stream().filter(s -> name.equals(s.jobName()) && !s.jobId().contains(":"))
                .map(JobSummary::jobId).findFirst();
    }

    private Observation resubmit(Sen2CorJob job, BatchEnvironment env, Sen2CorJobStatus status, BatchJobsStatus b,
            BatchClient batch, S3Client s3, ResourceID owner, List<Failed> scenes, String cause) {
        BatchRound round = newRound(b, cause, scenes.size());
        round.setManifestUri(manifests.write(s3, job, round.getRound(), scenes.stream().map(Failed::product).toList())
                .toString());
        status.setCompletionTime(null);
        status.setFailures(null);
        return submitNext(job, env, status, round, batch, s3, owner);
    }

    private Observation suspendRunning(Sen2CorJob job, Sen2CorJobStatus status, BatchClient batch, BatchRound last) {
        boolean alreadyCancelled = Conditions.find(status.getConditions(), ConditionType.READY)
                .map(c -> Reason.Suspended.name().equals(c.getReason())).orElse(false);
        if (!alreadyCancelled) {
            List<String> cancelled = new ArrayList<>();
            for (String id : last.getJobIds()) {
                if (tracker.snapshot(id).map(s -> !s.settled()).orElse(true)) {
                    batch.cancelJob(r -> r.jobId(id).reason(CANCEL_REASON));
                    cancelled.add(id);
                }
            }
            events.record(job, Reason.JobsCancelled, "spec.suspend: cancelled queued scenes of " + cancelled
                    + "; running scenes finish; set suspend to false to run the cancelled ones");
        }
        return new Observation(Observation.State.READY, Reason.Suspended,
                "spec.suspend is true: queued scenes cancelled, running scenes finish", safetyResync);
    }

    private Observation stuckOrRunning(Sen2CorJob job, BatchEnvironment env, Sen2CorJobStatus status, SceneCounts c) {
        String message = JobProgress.runningMessage(c);
        Instant since = Instant.parse(status.getLastProgressTime());
        if (c.getRunning() == 0 && c.getPending() > 0 && since.plus(stuckAfter).isBefore(clock.instant())) {
            int vcpus = job.getSpec().getResources().getVcpus();
            int maxVcpus = env.getSpec().getAwsBatch().getComputeEnvironments().stream()
                    .mapToInt(ce -> ce.getMaxVcpus()).max().orElse(0);
            String cause = vcpus > maxVcpus
                    ? "each scene needs " + vcpus + " vCPUs but the largest compute environment allows " + maxVcpus
                    : "usually no capacity: check the compute environments' maxVcpus, instance types (a scene needs "
                            + vcpus + " vCPUs and " + job.getSpec().getResources().getMemory() + ") and Spot availability";
            return new Observation(Observation.State.READY, Reason.ScenesNotStarting, c.getPending()
                    + " scene(s) have not started for more than " + stuckAfter.toMinutes() + " min; " + cause, safetyResync);
        }
        return new Observation(Observation.State.READY, Reason.Ready, message, safetyResync);
    }

    /** A failed scene of the last round. */
    record Failed(String product, String reason, String jobId, boolean cancelled) {
    }

    /** Every failed scene of a round: ListJobs of FAILED children (array jobs) or the job itself (plain jobs). */
    private List<Failed> failedScenes(Sen2CorJob job, BatchRound round, BatchClient batch, S3Client s3) {
        List<String> products = manifests.products(s3, job, round.getRound(), round.getManifestUri());
        var chunks = JobSubmissions.chunks(round.getScenes());
        List<Failed> failed = new ArrayList<>();
        for (int i = 0; i < round.getJobIds().size(); i++) {
            String id = round.getJobIds().get(i);
            var chunk = chunks.get(i);
            JobSnapshot s = tracker.snapshot(id).orElse(null);
            if (s == null) {
                continue;
            }
            if (!chunk.array()) {
                if ("FAILED".equals(s.status())) {
                    failed.add(new Failed(products.get(chunk.offset()), String.valueOf(s.statusReason()), id,
                            isCancel(s.statusReason())));
                }
                continue;
            }
            if (s.summary().getOrDefault("FAILED", 0) == 0 && !"FAILED".equals(s.status())) {
                continue;
            }
            for (JobSummary child : batch.listJobsPaginator(r -> r.arrayJobId(id).jobStatus("FAILED")).jobSummaryList()) {
                Integer index = childIndex(child);
                if (index == null || chunk.offset() + index >= products.size()) {
                    continue;
                }
                String reason = child.statusReason() == null ? "failed" : child.statusReason();
                if (child.container() != null && child.container().exitCode() != null) {
                    reason += " (exit code " + child.container().exitCode() + ")";
                }
                failed.add(new Failed(products.get(chunk.offset() + index), reason, child.jobId(), isCancel(child.statusReason())));
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

    private static boolean isCancel(String reason) {
        return reason != null && reason.startsWith(CANCEL_REASON);
    }

    /** The first failures for status, with attempts and log stream from one DescribeJobs of at most 20 ids. */
    private List<SceneFailure> bounded(List<Failed> failed, BatchClient batch) {
        List<Failed> first = failed.subList(0, Math.min(failed.size(), Sen2CorJobStatus.MAX_FAILURES));
        if (first.isEmpty()) {
            return null;
        }
        var details = batch.describeJobs(r -> r.jobs(first.stream().map(Failed::jobId).distinct().toList())).jobs();
        List<SceneFailure> out = new ArrayList<>();
        for (Failed f : first) {
            SceneFailure sf = new SceneFailure();
            sf.setProduct(f.product());
            sf.setReason(f.reason());
            details.stream().filter(d -> d.jobId().equals(f.jobId())).findFirst().ifPresent(d -> {
                sf.setAttempts(d.hasAttempts() ? d.attempts().size() : null);
                if (d.container() != null) {
                    sf.setLogStream(d.container().logStreamName());
                    if (d.container().exitCode() != null && !f.reason().contains("exit code")) {
                        sf.setReason(f.reason() + " (exit code " + d.container().exitCode() + ")");
                    }
                }
                if ("failed".equals(f.reason()) && d.statusReason() != null) {
                    sf.setReason(d.statusReason());
                }
            });
            out.add(sf);
        }
        return out;
    }

    private void resolveForgotten(Sen2CorJob job, BatchJobsStatus b, S3Client s3) {
        for (BatchRound round : b.getRounds()) {
            var chunks = JobSubmissions.chunks(round.getScenes());
            for (int i = 0; i < round.getJobIds().size(); i++) {
                String id = round.getJobIds().get(i);
                if (tracker.snapshot(id).map(JobSnapshot::forgotten).orElse(false)) {
                    var chunk = chunks.get(i);
                    List<String> products = manifests.products(s3, job, round.getRound(), round.getManifestUri())
                            .subList(chunk.offset(), chunk.offset() + chunk.size());
                    tracker.remember(OutputRecords.resolve(s3, job, id, products));
                }
            }
        }
    }

    /** The complete per-scene failure record goes to the output bucket, not into etcd. */
    private void writeReport(Sen2CorJob job, Sen2CorJobStatus status, List<Failed> failed, S3Client s3) {
        S3Location at = SceneManifests.folder(job).resolve("report.json");
        StringBuilder json = new StringBuilder();
        var c = status.getScenes();
        json.append("{\"sen2corJob\":\"").append(job.getMetadata().getNamespace()).append('/')
                .append(job.getMetadata().getName()).append("\",\"phase\":\"").append(status.getPhase())
                .append("\",\"total\":").append(c.getTotal()).append(",\"succeeded\":").append(c.getSucceeded())
                .append(",\"failed\":[");
        for (int i = 0; i < failed.size(); i++) {
            Failed f = failed.get(i);
            json.append(i == 0 ? "" : ",").append("{\"product\":\"").append(f.product()).append("\",\"reason\":\"")
                    .append(f.reason().replace("\\", "\\\\").replace("\"", "\\\"")).append("\",\"jobId\":\"")
                    .append(f.jobId()).append("\"}");
        }
        json.append("]}\n");
        s3.putObject(r -> r.bucket(at.bucket()).key(at.key()).contentType("application/json"),
                software.amazon.awssdk.core.sync.RequestBody.fromString(json.toString()));
    }

    private static List<String> allJobIds(BatchJobsStatus b) {
        return b.getRounds().stream().flatMap(r -> r.getJobIds().stream()).toList();
    }

    /**
     * Terminates what may still run (jobs in status, and round-0 jobs found by name in case the operator died before
     * writing their ids); outputs stay. Done once every job was told to stop.
     */
    @Override
    public Observation cleanup(Sen2CorJob job, BatchEnvironment env, java.util.Collection<Sen2CorJob> others) {
        try {
            BatchClient batch = aws.region(env.getSpec().getAwsBatch().getRegion()).batch();
            List<String> ids = new ArrayList<>();
            BatchJobsStatus b = job.getStatus() == null ? null : job.getStatus().getBatch();
            if (b != null) {
                ids.addAll(allJobIds(b));
            }
            String queueArn = env.getStatus() == null || env.getStatus().getJobQueue() == null ? null
                    : env.getStatus().getJobQueue().getArn();
            if (queueArn != null && job.getMetadata().getUid() != null) {
                for (var chunk : JobSubmissions.chunks(job.getSpec().getProducts().size())) {
                    findByName(batch, queueArn, JobSubmissions.jobName(job, 0, chunk.index()))
                            .filter(id -> !ids.contains(id)).ifPresent(ids::add);
                }
            }
            List<String> terminated = new ArrayList<>();
            for (List<String> chunk : BatchJobTracker.describeBatches(ids)) {
                for (var d : batch.describeJobs(r -> r.jobs(chunk)).jobs()) {
                    if (!AwsJobSnapshots.of(d).terminal()) {
                        batch.terminateJob(r -> r.jobId(d.jobId()).reason(TERMINATE_REASON));
                        terminated.add(d.jobId());
                    }
                }
            }
            if (!terminated.isEmpty()) {
                events.record(job, Reason.JobsTerminated, "terminated " + terminated + "; outputs stay in "
                        + job.getSpec().getOutput().getUri());
            }
            tracker.untrack(ResourceID.fromResource(job));
            manifests.forget(job);
            deregisterIfUnused(batch, job, b, others);
            return Observation.ready(terminated.isEmpty() ? "nothing running" : "terminated " + terminated.size() + " job(s)");
        } catch (AwsServiceException | SdkClientException e) {
            return Observation.progressing("could not terminate jobs yet: " + e.getMessage(), Duration.ofSeconds(30));
        }
    }

    /** Job definitions are shared by content: the last Sen2CorJob using one deregisters it. */
    private void deregisterIfUnused(BatchClient batch, Sen2CorJob job, BatchJobsStatus b, java.util.Collection<Sen2CorJob> others) {
        String arn = b == null ? null : b.getJobDefinitionArn();
        if (arn == null) {
            return;
        }
        boolean shared = others.stream().anyMatch(o -> o.getStatus() != null && o.getStatus().getBatch() != null
                && arn.equals(o.getStatus().getBatch().getJobDefinitionArn()));
        if (!shared) {
            batch.deregisterJobDefinition(r -> r.jobDefinition(arn));
            definitions.values().remove(arn);
            events.record(job, Reason.JobDefinitionDeregistered, "deregistered job definition " + arn
                    + ": no other Sen2CorJob uses it");
        }
    }

    private String now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
