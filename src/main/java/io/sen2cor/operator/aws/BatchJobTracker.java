package io.sen2cor.operator.aws;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;

import io.javaoperatorsdk.operator.OperatorException;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.sen2cor.operator.api.Sen2CorJob;
import software.amazon.awssdk.services.batch.model.JobDetail;

/**
 * One shared poller for the AWS Batch jobs of all Sen2CorJobs (docs/architecture.md, "AWS Batch"): every interval it describes every
 * tracked job, at most 100 ids per DescribeJobs call and through a token bucket, keeps the latest
 * {@link JobSnapshot} of each, and triggers a reconcile only of the Sen2CorJobs whose jobs changed. So tracking N
 * array jobs costs ceil(N / 100) calls per cycle however many Sen2CorJobs there are, and a Sen2CorJob gets at most
 * one status write per cycle, none when nothing changed.
 */
public class BatchJobTracker extends AbstractEventSource<JobSnapshot, Sen2CorJob> {

    static final int MAX_IDS_PER_DESCRIBE = 100;
    private static final Logger LOG = Logger.getLogger(BatchJobTracker.class);

    private record Tracked(String region, Set<String> jobIds) {
    }

    private final AwsClientPool aws;
    private final TokenBucket limiter;
    private final Duration interval;
    private final Map<ResourceID, Tracked> owners = new ConcurrentHashMap<>();
    private final Map<String, JobSnapshot> snapshots = new ConcurrentHashMap<>();
    /** Jobs DescribeJobs left out, and since when (MissingJobs decides when one is gone). */
    private final Map<String, MissingJobs.Misses> misses = new ConcurrentHashMap<>();
    private final Map<String, Instant> submittedAt = new ConcurrentHashMap<>();
    private final Clock clock;
    private final AtomicLong describeCalls = new AtomicLong();
    private final AtomicLong cycles = new AtomicLong();
    private final AtomicLong maxDescribesPerCycle = new AtomicLong();
    private ScheduledExecutorService executor;
    private Timer pollTimer;

    /** The DescribeJobs rate limiter, shared with other Batch reads of job state (listing failed children). */
    TokenBucket limiter() {
        return limiter;
    }

    public BatchJobTracker(AwsClientPool aws, TokenBucket limiter, Duration interval) {
        this(aws, limiter, interval, Clock.systemUTC());
    }

    public BatchJobTracker(AwsClientPool aws, TokenBucket limiter, Duration interval, Clock clock) {
        super(JobSnapshot.class, "aws-batch-jobs");
        this.aws = aws;
        this.limiter = limiter;
        this.interval = interval;
        this.clock = clock;
    }

    /** When a job was submitted, as its round records it: a job missing from DescribeJobs is judged by its age. */
    public void submitted(String jobId, Instant at) {
        if (at != null) {
            submittedAt.putIfAbsent(jobId, at);
        }
    }

    /** Starts (or extends) tracking the jobs of a Sen2CorJob; idempotent, so a restarted operator re-registers. */
    public void track(ResourceID owner, String region, Collection<String> jobIds) {
        owners.merge(owner, new Tracked(region, new LinkedHashSet<>(jobIds)), (a, b) -> {
            Set<String> all = new LinkedHashSet<>(a.jobIds());
            all.addAll(b.jobIds());
            return new Tracked(b.region(), all);
        });
    }

    public void untrack(ResourceID owner) {
        Tracked gone = owners.remove(owner);
        if (gone != null) {
            Set<String> stillUsed = owners.values().stream().flatMap(t -> t.jobIds().stream()).collect(Collectors.toSet());
            gone.jobIds().stream().filter(id -> !stillUsed.contains(id)).forEach(id -> {
                snapshots.remove(id);
                misses.remove(id);
                submittedAt.remove(id);
            });
        }
    }

    boolean tracking(ResourceID owner) {
        return owners.containsKey(owner);
    }

    public Optional<JobSnapshot> snapshot(String jobId) {
        return Optional.ofNullable(snapshots.get(jobId));
    }

    /** Records what a caller just learned about a job (e.g. right after SubmitJob), without an extra call. */
    void remember(JobSnapshot snapshot) {
        snapshots.put(snapshot.jobId(), snapshot);
    }

    /** {@code sen2cor_aws_batch_jobs_tracked}, {@code sen2cor_aws_poll_cycle_seconds}, describe calls and cycles so far. */
    public BatchJobTracker bindTo(MeterRegistry registry) {
        Gauge.builder("sen2cor.aws.batch.jobs.tracked", this, t -> t.activeJobs())
                .description("AWS Batch jobs being polled (not finished)").register(registry);
        FunctionCounter.builder("sen2cor.aws.describe.jobs.calls", describeCalls, AtomicLong::get)
                .description("DescribeJobs calls of the shared poller").register(registry);
        FunctionCounter.builder("sen2cor.aws.poll.cycles", cycles, AtomicLong::get)
                .description("Poll cycles of the shared poller").register(registry);
        // a lifetime maximum rather than a decaying one: it answers "did any cycle exceed ceil(array jobs / 100)?"
        Gauge.builder("sen2cor.aws.poll.max.describe.calls", maxDescribesPerCycle, AtomicLong::get)
                .description("The most DescribeJobs calls one poll cycle has needed since the operator started")
                .register(registry);
        pollTimer = Timer.builder("sen2cor.aws.poll.cycle")
                .description("Duration of one poll cycle over all tracked jobs").register(registry);
        return this;
    }

    int activeJobs() {
        return (int) owners.values().stream().flatMap(t -> t.jobIds().stream()).distinct()
                .filter(id -> snapshots.get(id) == null || !snapshots.get(id).settled()).count();
    }

    long describeCalls() {
        return describeCalls.get();
    }

    long cycles() {
        return cycles.get();
    }

    /** One poll cycle over every tracked job (the timer's task; tests in this package call it directly). */
    void pollNow() {
        cycles.incrementAndGet();
        long describesBefore = describeCalls.get();
        Map<String, Set<String>> byRegion = new HashMap<>();
        // finished (or forgotten) jobs never change again: only active ones cost calls
        owners.values().forEach(t -> t.jobIds().stream().filter(id -> snapshots.get(id) == null || !snapshots.get(id).settled())
                .forEach(id -> byRegion.computeIfAbsent(t.region(), r -> new LinkedHashSet<>()).add(id)));
        Set<String> changed = new HashSet<>();
        try {
            byRegion.forEach((region, ids) -> {
                for (List<String> chunk : describeBatches(new ArrayList<>(ids))) {
                    limiter.acquire();
                    describeCalls.incrementAndGet();
                    List<JobDetail> found = aws.region(region).batch().describeJobs(r -> r.jobs(chunk)).jobs();
                    Set<String> seen = new HashSet<>();
                    for (JobDetail job : found) {
                        seen.add(job.jobId());
                        misses.remove(job.jobId());
                        update(changed, AwsJobSnapshots.of(job));
                    }
                    chunk.stream().filter(id -> !seen.contains(id)).forEach(id -> missed(changed, id));
                }
            });
        } finally {
            // also when a later DescribeJobs failed: what earlier ones found is recorded as settled and never
            // described again, so its Sen2CorJobs must hear of it now, not at the next safety resync
            maxDescribesPerCycle.accumulateAndGet(describeCalls.get() - describesBefore, Math::max);
            wake(changed);
        }
    }

    /**
     * A job this answer left out: forgotten only when MissingJobs says it is really gone; until then it stays as
     * last seen (or unseen, which counts as pending), so one lost answer never fails its scenes.
     */
    private void missed(Set<String> changed, String id) {
        Instant now = clock.instant();
        MissingJobs.Misses m = misses.merge(id, MissingJobs.Misses.first(now), (old, fresh) -> old.again());
        if (MissingJobs.forgotten(m, submittedAt.get(id), now)) {
            misses.remove(id);
            update(changed, JobSnapshot.forgotten(id));
        } else if (m.count() == 3) {
            LOG.warnf("AWS Batch job %s was missing from 3 DescribeJobs answers in a row (since %s); it is not "
                    + "counted as finished before AWS's retention of %s has passed since its submission", id, m.first(),
                    MissingJobs.RETENTION);
        }
    }

    /** Reconciles this Sen2CorJob soon, e.g. when something the backend did for it in the background has finished. */
    public void wake(ResourceID owner) {
        if (getEventHandler() != null) {
            getEventHandler().handleEvent(new Event(owner));
        }
    }

    private void wake(Set<String> changed) {
        if (changed.isEmpty() || getEventHandler() == null) {
            return;
        }
        owners.forEach((owner, tracked) -> {
            if (tracked.jobIds().stream().anyMatch(changed::contains)) {
                getEventHandler().handleEvent(new Event(owner));
            }
        });
    }

    /** Job ids in batches of at most 100, AWS's limit for one DescribeJobs call. */
    static List<List<String>> describeBatches(List<String> ids) {
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += MAX_IDS_PER_DESCRIBE) {
            out.add(ids.subList(i, Math.min(ids.size(), i + MAX_IDS_PER_DESCRIBE)));
        }
        return out;
    }

    private void update(Set<String> changed, JobSnapshot now) {
        JobSnapshot before = snapshots.put(now.jobId(), now);
        if (!Objects.equals(before, now)) {
            changed.add(now.jobId());
        }
    }

    @Override
    public Set<JobSnapshot> getSecondaryResources(Sen2CorJob job) {
        Tracked tracked = owners.get(ResourceID.fromResource(job));
        return tracked == null ? Set.of() : tracked.jobIds().stream().map(snapshots::get).filter(Objects::nonNull)
                .collect(Collectors.toSet());
    }

    @Override
    public void start() throws OperatorException {
        super.start();
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "aws-batch-job-tracker");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(() -> {
            try {
                if (pollTimer != null) {
                    pollTimer.record(this::pollNow);
                } else {
                    pollNow();
                }
            } catch (RuntimeException e) {
                // AWS unreachable or throttling beyond the SDK's retries: try again next cycle, never die
                LOG.warnf("AWS Batch job poll failed, retrying in %s: %s", interval, e.getMessage());
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() throws OperatorException {
        if (executor != null) {
            executor.shutdownNow();
        }
        super.stop();
    }
}
