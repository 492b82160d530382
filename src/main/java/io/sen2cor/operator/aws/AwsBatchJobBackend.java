package io.sen2cor.operator.aws;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.sen2cor.operator.api.BatchEnvironment;
import io.sen2cor.operator.api.BatchJobsStatus;
import io.sen2cor.operator.api.SceneCounts;
import io.sen2cor.operator.api.SceneRound;
import io.sen2cor.operator.api.Sen2CorJob;
import io.sen2cor.operator.api.Sen2CorJobStatus;
import io.sen2cor.operator.backend.BackendType;
import io.sen2cor.operator.backend.FailedScene;
import io.sen2cor.operator.backend.JobBackend;
import io.sen2cor.operator.backend.Observation;
import io.sen2cor.operator.backend.RoundCounts;
import io.sen2cor.operator.backend.Submission;
import io.sen2cor.operator.contract.RecordAccessDenied;
import io.sen2cor.operator.contract.S3Location;
import io.sen2cor.operator.status.ConditionReason;
import io.sen2cor.operator.status.EventReason;
import io.sen2cor.operator.status.EventSink;
import io.sen2cor.operator.status.JobRounds;
import io.sen2cor.operator.work.Capacity;
import io.sen2cor.operator.work.JobFolder;
import io.sen2cor.operator.work.JobScenes;
import io.sen2cor.operator.work.Usage;
import org.jboss.logging.Logger;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;

/**
 * The {@code awsBatch} backend of Sen2CorJobs: registers (or reuses) the job definition, writes the scene manifest,
 * submits one array job per 10,000 scenes (one SubmitJob per reconcile, ids written to status at once, existing jobs
 * found by their deterministic names so a restart never submits twice), and reads scene counts from the
 * shared {@link BatchJobTracker}'s snapshots. Suspend cancels queued work, deletion terminates what still runs;
 * outputs are never touched. Phases, rounds and retries are the lifecycle's (lifecycle.JobLifecycle).
 */
public class AwsBatchJobBackend implements JobBackend, AutoCloseable {

    static final String CANCEL_REASON = "sen2cor-operator: Sen2CorJob suspended";
    static final String TERMINATE_REASON = "sen2cor-operator: Sen2CorJob deleted";
    private static final Logger LOG = Logger.getLogger(AwsBatchJobBackend.class);

    private final AwsClientPool aws;
    private final EventSink events;
    private final BatchJobTracker tracker;
    private final TokenBucket submitLimiter;
    private final String defaultImage;
    private final Duration stuckAfter;
    private final AwsBatchTiming timing;
    private final Clock clock;
    private final SceneManifests manifests = new SceneManifests();
    /** Job definition ARNs by region and content name (see JobDefinitions). */
    private final Map<String, String> definitions = new ConcurrentHashMap<>();
    /** SubmitJob names this process has sent: an answer lost on the way is looked up before submitting again. */
    private final Set<String> attempted = ConcurrentHashMap.newKeySet();
    /** When this process first submitted (see {@link JobSubmissions#mayExist}). */
    private volatile Instant submittingSince;
    private final BatchFailures failures;
    private final JobOutputs outputs;
    /** Finished jobs' records are read slower while SubmitJobs go out (RecordReadPacing). */
    private final RecordReadPacing pacing = new RecordReadPacing();

    public AwsBatchJobBackend(AwsClientPool aws, EventSink events, BatchJobTracker tracker, TokenBucket submitLimiter,
            String defaultImage, Duration stuckAfter, AwsBatchTiming timing, Clock clock) {
        this.aws = aws;
        this.events = events;
        this.tracker = tracker;
        this.submitLimiter = submitLimiter;
        this.defaultImage = defaultImage;
        this.stuckAfter = stuckAfter;
        this.timing = timing;
        this.clock = clock;
        this.failures = new BatchFailures(aws, tracker, manifests);
        this.outputs = new JobOutputs(aws, tracker, pacing);
    }

    @Override
    public BackendType type() {
        return BackendType.AWS_BATCH;
    }

    /** Stops reading finished jobs' records (a restarted operator reads them again). */
    @Override
    public void close() {
        outputs.close();
    }

    @Override
    public List<EventSource<?, Sen2CorJob>> eventSources(EventSourceContext<Sen2CorJob> context) {
        return List.of(tracker);
    }

    @Override
    public boolean submitted(SceneRound round) {
        return round.getManifestUri() != null && round.getJobIds().size() == JobSubmissions.chunks(round.getScenes()).size();
    }

    @Override
    public Optional<Observation> explain(Sen2CorJob job, RuntimeException e) {
        if (e instanceof NoSuchBucketException) {
            return Optional.of(Observation.degraded(ConditionReason.OutputBucketNotFound, "output bucket of " + job.getSpec().getOutput().getUri()
                    + " does not exist; nothing was submitted", timing.resync()));
        }
        if (e instanceof SdkException sdk) {
            return Optional.of(AwsFailures.observe(sdk, timing.retry(), timing.retry(), timing.progress()));
        }
        if (e instanceof RecordAccessDenied denied) {
            // e.g. a job AWS forgot, whose scenes' records cannot be read: they count as nothing until they can
            return Optional.of(Observation.degraded(ConditionReason.AwsRequestFailed, AwsFailures.withoutCaller(denied.getMessage()),
                    timing.retry()));
        }
        return Optional.empty();
    }

    @Override
    public Duration resync() {
        return timing.resync();
    }

    @Override
    public Optional<Observation> refresh(Sen2CorJob job, BatchEnvironment env, List<SceneRound> rounds, boolean finished) {
        String region = env.getSpec().getAwsBatch().getRegion();
        tracker.track(ResourceID.fromResource(job), region, allJobIds(rounds));
        for (SceneRound round : rounds) {
            // rounds written by an earlier version have no submittedAt: the job's start is the earliest it can be
            String at = round.getSubmittedAt() != null ? round.getSubmittedAt()
                    : job.getStatus() == null ? null : job.getStatus().getStartTime();
            round.getJobIds().forEach(id -> tracker.submitted(id, at == null ? null : Instant.parse(at)));
        }
        resolveForgotten(job, rounds, aws.region(region).s3());
        return Optional.empty();
    }

    @Override
    public RoundCounts observe(Sen2CorJob job, SceneRound round) {
        var chunks = JobSubmissions.chunks(round.getScenes());
        RoundCounts sum = RoundCounts.NONE;
        for (int i = 0; i < chunks.size(); i++) {
            String id = i < round.getJobIds().size() ? round.getJobIds().get(i) : null;
            sum = sum.plus(JobSnapshot.counts(id == null ? null : tracker.snapshot(id).orElse(null), chunks.get(i).size()));
        }
        return sum;
    }

    @Override
    public void release(Sen2CorJob job) {
        tracker.untrack(ResourceID.fromResource(job));
        String ofJob = "-" + JobFolder.shortUid(job) + "-r";
        attempted.removeIf(name -> name.contains(ofJob));
    }

    /** A selection of more than 10,000 ids: written where round 0's manifest goes, and read from there. */
    @Override
    public Optional<String> keepSelection(Sen2CorJob job, BatchEnvironment env, List<String> products) {
        return Optional.of(manifests.write(aws.region(env.getSpec().getAwsBatch().getRegion()).s3(), job, 0, products)
                .toString());
    }

    /** At most one SubmitJob per call, so each job id reaches status before the next is submitted. */
    @Override
    public Submission submit(Sen2CorJob job, BatchEnvironment env, Sen2CorJobStatus status, SceneRound round,
            List<String> products) {
        if (status.getBatch() == null) {
            status.setBatch(new BatchJobsStatus());
        }
        BatchJobsStatus b = status.getBatch();
        boolean onDemand = SceneRound.ON_DEMAND.equals(round.getCapacity());
        var queue = env.getStatus() == null ? null
                : onDemand ? env.getStatus().getOnDemandJobQueue() : env.getStatus().getJobQueue();
        String queueArn = queue == null ? null : queue.getArn();
        if (queueArn == null) {
            return new Submission(null, Observation.progressing("waiting for BatchEnvironment " + env.getMetadata().getName()
                    + " to report its " + (onDemand ? "On-Demand " : "") + "job queue", timing.progress()));
        }
        if (!onDemand) {
            b.setJobQueueArn(queueArn);
        }
        String region = env.getSpec().getAwsBatch().getRegion();
        BatchClient batch = aws.region(region).batch();
        if (b.getJobDefinitionArn() == null || round.getJobIds().isEmpty()) {
            // once per content and region: identical Sen2CorJobs share it. Forgotten when this operator
            // deregisters it or AWS refuses a SubmitJob naming it (someone else deregistered it).
            var content = JobDefinitions.content(job, env, defaultImage);
            b.setJobDefinitionArn(definitions.computeIfAbsent(region + "/" + content.name(),
                    key -> JobDefinitions.ensure(batch, content, OwnershipTags.forEnvironment(env))));
        }
        if (round.getManifestUri() == null) {
            // round 0's manifest is the spec itself, or the selection kept in the store (keepSelection); the
            // manifest store keeps no second copy of it
            String kept = round.getRound() == 0 ? JobScenes.keptAt(job) : null;
            round.setManifestUri(kept != null ? kept : manifests.write(aws.region(region).s3(), job, round.getRound(),
                    round.getRound() == 0 ? JobScenes.of(job) : products).toString());
        }
        var chunk = JobSubmissions.chunks(round.getScenes()).get(round.getJobIds().size());
        String name = JobSubmissions.jobName(job, round.getRound(), chunk.index());
        if (submittingSince == null) {
            submittingSince = clock.instant();
        }
        Instant created = job.getMetadata().getCreationTimestamp() == null ? null
                : Instant.parse(job.getMetadata().getCreationTimestamp());
        // the idempotency lookup only where a submission may have happened unseen: one ListJobs less per SubmitJob
        Optional<String> existing = JobSubmissions.mayExist(attempted.contains(name), created, submittingSince)
                ? JobSubmissions.findByName(batch, queueArn, name) : Optional.empty();
        String jobId;
        String event = null;
        if (existing.isPresent()) {
            jobId = existing.get();
            LOG.infof("Sen2CorJob %s/%s: found already submitted job %s (%s), not submitting again",
                    job.getMetadata().getNamespace(), job.getMetadata().getName(), name, jobId);
        } else {
            submitLimiter.acquire();
            pacing.submitting();
            attempted.add(name);
            try {
                jobId = aws.region(region).batchForSubmit().submitJob(JobSubmissions.request(job, env, round.getRound(), chunk,
                        queueArn, b.getJobDefinitionArn(), S3Location.parse(round.getManifestUri()),
                        Capacity.of(env, onDemand))).jobId();
            } catch (AwsServiceException e) {
                if (AwsFailures.refused(e)) {
                    // AWS Batch's ClientException, e.g. the job definition was deregistered outside the operator:
                    // look it up again next time
                    definitions.values().remove(b.getJobDefinitionArn());
                    b.setJobDefinitionArn(null);
                }
                throw e;
            }
            event = "submitted " + (JobSubmissions.array(chunk) ? "array job" : "job") + " " + name + " (" + jobId + ") for "
                    + chunk.size() + " scene(s)";
        }
        round.getJobIds().add(jobId);
        if (round.getSubmittedAt() == null) {
            round.setSubmittedAt(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        }
        tracker.submitted(jobId, Instant.parse(round.getSubmittedAt()));
        tracker.track(ResourceID.fromResource(job), region, List.of(jobId));
        return new Submission(event, Observation.progressing("submitted chunk " + (chunk.index() + 1) + "/"
                + JobSubmissions.chunks(round.getScenes()).size() + " of round " + round.getRound(), Duration.ofMillis(1)));
    }

    /** Cancels the round's queued work (CancelJob acts on jobs not yet running); running scenes finish. */
    @Override
    public Suspension suspend(Sen2CorJob job, BatchEnvironment env, SceneRound last) {
        BatchClient batch = aws.region(env.getSpec().getAwsBatch().getRegion()).batch();
        List<String> cancelled = new ArrayList<>();
        for (String id : last.getJobIds()) {
            if (tracker.snapshot(id).map(s -> !s.settled()).orElse(true)) {
                batch.cancelJob(r -> r.jobId(id).reason(CANCEL_REASON));
                cancelled.add(id);
            }
        }
        return new Suspension("spec.suspend: cancelled queued scenes of " + cancelled
                + "; running scenes finish; set suspend to false to run the cancelled ones",
                "spec.suspend is true: queued scenes cancelled, running scenes finish");
    }

    /** Nothing started for stuckAfter: usually capacity, and a scene larger than every compute environment never will. */
    @Override
    public Optional<String> notStarting(Sen2CorJob job, BatchEnvironment env, SceneRound round, SceneCounts c,
            Instant lastProgress) {
        if (c.getRunning() > 0 || c.getPending() == 0 || !lastProgress.plus(stuckAfter).isBefore(clock.instant())) {
            return Optional.empty();
        }
        String region = env.getSpec().getAwsBatch().getRegion();
        // AWS's own words first: its statusReason tells capacity from a scene no instance type can hold
        Optional<String> aws = RunnableReasons.of(this.aws.region(region).batch(), round.getJobIds(), tracker::snapshot,
                tracker.limiter());
        if (aws.isPresent()) {
            return Optional.of(c.getPending() + " scene(s) have not started for more than " + stuckAfter.toMinutes()
                    + " min; AWS Batch says: " + aws.get());
        }
        int vcpus = job.getSpec().getResources().getVcpus();
        int maxVcpus = env.getSpec().getAwsBatch().getComputeEnvironments().stream()
                .mapToInt(ce -> ce.getMaxVcpus()).max().orElse(0);
        String cause = vcpus > maxVcpus
                ? "each scene needs " + vcpus + " vCPUs but the largest compute environment allows " + maxVcpus
                : "usually no capacity: check the compute environments' maxVcpus, instance types (a scene needs "
                        + vcpus + " vCPUs and " + job.getSpec().getResources().getMemory() + ") and Spot availability";
        return Optional.of(c.getPending() + " scene(s) have not started for more than " + stuckAfter.toMinutes()
                + " min; " + cause);
    }

    /** Every failed scene of a round: ListJobs of FAILED children (array jobs) or the job itself (plain jobs). */
    @Override
    public List<FailedScene> failedScenes(Sen2CorJob job, BatchEnvironment env, SceneRound round) {
        return failures.failedScenes(job, env, round);
    }

    /** Attempts and the failed attempt's log, from DescribeJobs of 100 jobs at a time (AWS's limit per call). */
    @Override
    public List<FailedScene> detail(Sen2CorJob job, BatchEnvironment env, List<FailedScene> failed) {
        return failures.detail(env, failed);
    }

    @Override
    public Optional<Set<String>> succeededScenes(Sen2CorJob job, BatchEnvironment env, List<String> products) {
        return outputs.succeededScenes(job, env, products);
    }

    @Override
    public void publish(Sen2CorJob job, BatchEnvironment env, String json) {
        outputs.publish(job, env, json);
    }

    @Override
    public Optional<Usage> published(Sen2CorJob job, BatchEnvironment env) {
        return outputs.published(job, env);
    }

    private void resolveForgotten(Sen2CorJob job, List<SceneRound> rounds, S3Client s3) {
        for (SceneRound round : rounds) {
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

    @Override
    public List<String> products(Sen2CorJob job, BatchEnvironment env, SceneRound round) {
        return manifests.products(aws.region(env.getSpec().getAwsBatch().getRegion()).s3(), job, round.getRound(),
                round.getManifestUri());
    }

    @Override
    public Optional<String> onDemandUnavailable(BatchEnvironment env) {
        return env.getStatus() != null && env.getStatus().getOnDemandJobQueue() != null
                && env.getStatus().getOnDemandJobQueue().getArn() != null ? Optional.empty()
                : Optional.of("BatchEnvironment " + env.getMetadata().getName() + " has no On-Demand job queue: it needs "
                        + "both SPOT and EC2 compute environments");
    }

    /**
     * Terminates what may still run (jobs in status, and round-0 jobs found by name in case the operator died before
     * writing their ids); outputs stay. Done once every job was told to stop.
     */
    @Override
    public Observation cleanup(Sen2CorJob job, BatchEnvironment env, Collection<Sen2CorJob> others) {
        try {
            BatchClient batch = aws.region(env.getSpec().getAwsBatch().getRegion()).batch();
            List<String> ids = new ArrayList<>();
            ids.addAll(allJobIds(JobRounds.read(job.getStatus())));
            String queueArn = env.getStatus() == null || env.getStatus().getJobQueue() == null ? null
                    : env.getStatus().getJobQueue().getArn();
            if (queueArn != null && job.getMetadata().getUid() != null) {
                for (var chunk : JobSubmissions.chunks(JobScenes.count(job))) {
                    JobSubmissions.findByName(batch, queueArn, JobSubmissions.jobName(job, 0, chunk.index()))
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
                events.record(job, EventReason.JobsTerminated, "terminated " + terminated + "; outputs stay in "
                        + job.getSpec().getOutput().getUri());
            }
            tracker.untrack(ResourceID.fromResource(job));
            manifests.forget(job);
            outputs.forget(job);
            deregisterIfUnused(batch, job, job.getStatus() == null ? null : job.getStatus().getBatch(), others);
            return Observation.ready(terminated.isEmpty() ? "nothing running" : "terminated " + terminated.size() + " job(s)");
        } catch (AwsServiceException | SdkClientException e) {
            return Observation.progressing("could not terminate jobs yet: " + AwsFailures.withoutCaller(e.getMessage()), timing.progress());
        }
    }

    /** Job definitions are shared by content: the last Sen2CorJob using one deregisters it. */
    private void deregisterIfUnused(BatchClient batch, Sen2CorJob job, BatchJobsStatus b, Collection<Sen2CorJob> others) {
        String arn = b == null ? null : b.getJobDefinitionArn();
        if (arn == null) {
            return;
        }
        boolean shared = others.stream().anyMatch(o -> o.getStatus() != null && o.getStatus().getBatch() != null
                && arn.equals(o.getStatus().getBatch().getJobDefinitionArn()));
        if (!shared) {
            batch.deregisterJobDefinition(r -> r.jobDefinition(arn));
            definitions.values().remove(arn);
            events.record(job, EventReason.JobDefinitionDeregistered, "deregistered job definition " + arn
                    + ": no other Sen2CorJob uses it");
        }
    }

    private static List<String> allJobIds(List<SceneRound> rounds) {
        return rounds.stream().flatMap(r -> r.getJobIds().stream()).toList();
    }
}
