package io.sen2cor.operator.aws;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.sen2cor.operator.api.BatchEnvironment;
import io.sen2cor.operator.api.Sen2CorJob;
import io.sen2cor.operator.contract.RecordAccessDenied;
import io.sen2cor.operator.contract.ResultRecords;
import io.sen2cor.operator.contract.S3Location;
import io.sen2cor.operator.contract.StacCatalog;
import io.sen2cor.operator.work.JobFolder;
import io.sen2cor.operator.work.JobScenes;
import io.sen2cor.operator.work.Usage;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What the AWS Batch backend reads and writes in a job's output: which scenes' result records already say SUCCEEDED
 * (skipExisting), and once the job has finished its report.json, its STAC collection and its vCPU-seconds, read from
 * every scene's record in the background on an executor of its own (closed with the backend).
 */
final class JobOutputs implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(JobOutputs.class);
    /** Result records read at once while publishing a finished job (each one GET). */
    static final int RECORD_READS = 32;

    private final AwsClientPool aws;
    private final BatchJobTracker tracker;
    private final RecordReadPacing pacing;
    /** Finished jobs whose records are being read, by uid. */
    private final Map<String, CompletableFuture<Usage>> publishing = new ConcurrentHashMap<>();
    /**
     * One job's records read at a time, 32 GETs at once (S3 answers a GET in tens of ms: 8 at once read 200 records a
     * second, a million-scene job's in 80 min), whatever the number of jobs finishing together: accounting
     * and the catalog may trail the job by a while; new jobs' submissions must not wait behind them.
     */
    private final ExecutorService publishers = Executors.newFixedThreadPool(1, r -> {
        Thread t = new Thread(r, "sen2cor-publish");
        t.setDaemon(true);
        return t;
    });

    JobOutputs(AwsClientPool aws, BatchJobTracker tracker, RecordReadPacing pacing) {
        this.aws = aws;
        this.tracker = tracker;
        this.pacing = pacing;
    }

    /** The job is gone: its records are not read again. */
    void forget(Sen2CorJob job) {
        publishing.remove(job.getMetadata().getUid());
    }

    /** Stops reading finished jobs' records (a restarted operator reads them again). */
    @Override
    public void close() {
        publishers.shutdownNow();
    }

    /** The complete per-scene failure record goes to the output bucket, not into etcd. */
    Optional<Set<String>> succeededScenes(Sen2CorJob job, BatchEnvironment env, List<String> products) {
        try {
            return Optional.of(OutputRecords.succeeded(aws.region(env.getSpec().getAwsBatch().getRegion()).s3(), job, products));
        } catch (RecordAccessDenied e) {
            // not "no records": nothing is left out, and the runner skips finished scenes itself when it can read them
            LOG.warnf("Sen2CorJob %s/%s: skipExisting could not read the result records: %s", job.getMetadata().getNamespace(),
                    job.getMetadata().getName(), e.getMessage());
            return Optional.empty();
        }
    }

    /** report.json, and the STAC catalog of the job's L2A items beside it (docs/stac.md). */
    void publish(Sen2CorJob job, BatchEnvironment env, String json) {
        S3Client s3 = aws.region(env.getSpec().getAwsBatch().getRegion()).s3();
        S3Location at = JobFolder.report(job);
        s3.putObject(r -> r.bucket(at.bucket()).key(at.key()).contentType("application/json"), RequestBody.fromString(json));
        publishing.put(job.getMetadata().getUid(), readRecords(job, env));
    }

    /**
     * The job's vCPU-seconds once every scene's record has been read, in the background: a Sen2CorJob of 10,000
     * scenes costs 10,000 GETs, which must not hold a reconcile thread (jobs applied meanwhile would wait for their
     * first AWS call). Read again when nothing is in flight (after a restart, or a failed read).
     */
    Optional<Usage> published(Sen2CorJob job, BatchEnvironment env) {
        String uid = job.getMetadata().getUid();
        CompletableFuture<Usage> reading = publishing.computeIfAbsent(uid, k -> readRecords(job, env));
        if (!reading.isDone()) {
            return Optional.empty();
        }
        publishing.remove(uid, reading);
        try {
            return Optional.of(reading.join());
        } catch (CompletionException | CancellationException e) {
            LOG.warnf("Sen2CorJob %s/%s: could not read its result records for the catalog and accounting, will read them "
                    + "again: %s", job.getMetadata().getNamespace(), job.getMetadata().getName(), e.getMessage());
            return Optional.empty();
        }
    }

    /** One read of every scene's record serves the job's STAC catalog and its accounting; wakes the job when done. */
    private CompletableFuture<Usage> readRecords(Sen2CorJob job, BatchEnvironment env) {
        ResourceID owner = ResourceID.fromResource(job);
        S3Client s3 = aws.region(env.getSpec().getAwsBatch().getRegion()).s3();
        CompletableFuture<Usage> reading = CompletableFuture.supplyAsync(() -> {
            String kept = JobScenes.keptAt(job);
            List<String> products = kept == null ? JobScenes.of(job) : SceneManifests.read(s3, kept);
            var records = OutputRecords.records(s3, job, products, RECORD_READS, pacing::awaitTurn);
            S3Location catalog = JobFolder.catalog(job);
            String body = StacCatalog.of(job.getMetadata().getNamespace(), job.getMetadata().getName(), catalog.toString(),
                    ResultRecords.stacItems(records, products)).toPrettyString();
            s3.putObject(r -> r.bucket(catalog.bucket()).key(catalog.key()).contentType("application/json"),
                    RequestBody.fromString(body));
            return Usage.ofRecords(records.values().stream().flatMap(Optional::stream).toList());
        }, publishers);
        // the wake hangs on the reading itself, not on a stage after it: that stage completes only once the wake
        // returned, and the reconcile it starts may run first and find the reading not done, with no wake to follow
        reading.whenComplete((usage, failure) -> {
            if (failure == null) {
                tracker.wake(owner);
            } else {
                // read again a little later rather than at once against a store that just failed
                CompletableFuture.delayedExecutor(30, TimeUnit.SECONDS).execute(() -> tracker.wake(owner));
            }
        });
        return reading;
    }
}
