package io.sen2cor.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.sen2cor.operator.api.BatchEnvironment;
import io.sen2cor.operator.api.JobPhase;
import io.sen2cor.operator.api.Sen2CorJob;
import io.sen2cor.operator.api.Sen2CorJobStatus;
import io.sen2cor.operator.backend.Observation;
import io.sen2cor.operator.contract.RunnerContract;
import io.sen2cor.operator.contract.S3Location;
import io.sen2cor.operator.lifecycle.JobLifecycle;
import io.sen2cor.operator.stac.SceneSelections;
import io.sen2cor.operator.status.ConditionReason;
import io.sen2cor.operator.status.EventReason;
import io.sen2cor.operator.testing.AwsAccountFixture;
import io.sen2cor.operator.testing.IamPolicy;
import io.sen2cor.operator.testing.LocalOperator;
import io.sen2cor.operator.testing.MotoBatchGaps;
import io.sen2cor.operator.testing.MotoServer;
import io.sen2cor.operator.testing.RecordingEvents;
import io.sen2cor.operator.testing.TestClock;
import io.sen2cor.operator.testing.WithMoto;
import io.sen2cor.operator.testing.awsmodel.ServiceModelGuard;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.batch.model.DescribeJobDefinitionsRequest;
import software.amazon.awssdk.services.batch.model.DescribeJobsRequest;
import software.amazon.awssdk.services.batch.model.KeyValuesPair;
import software.amazon.awssdk.services.batch.model.RegisterJobDefinitionRequest;
import software.amazon.awssdk.services.batch.model.SubmitJobRequest;

/**
 * Sen2CorJobs on the AWS Batch backend against moto (an emulator: a submitted job goes SUCCEEDED inside SubmitJob
 * and no container runs; the runner is not involved). Reconcile by reconcile, with the shared tracker polled by
 * the test instead of its timer.
 */
@WithMoto
class AwsBatchJobBackendTest {

    static final List<SdkRequest> ALL_REQUESTS = new CopyOnWriteArrayList<>();
    static final KubernetesSerialization JSON = new KubernetesSerialization();

    MotoServer moto;
    MotoBatchGaps gaps;
    RecordingEvents events;
    AwsClientPool pool;
    AwsClients direct;
    BatchEnvironment env;
    BatchJobTracker tracker;
    AwsBatchJobBackend backend;
    JobLifecycle lifecycle;

    @BeforeEach
    void setUp(MotoServer moto) {
        setUpOn(moto);
    }

    void setUpOn(MotoServer moto) {
        this.moto = moto;
        gaps = new MotoBatchGaps();
        events = new RecordingEvents();
        pool = moto.pool(gaps);
        direct = moto.clients();
        var account = AwsAccountFixture.prepare(direct);
        direct.s3().createBucket(r -> r.bucket("eo-l2a").createBucketConfiguration(c -> c.locationConstraint("eu-central-1")));
        env = account.exampleEnvironment();
        var envBackend = new AwsBatchEnvironmentBackend(pool, events, AwsBatchTiming.DEFAULT);
        for (int i = 0; i < 5; i++) {
            env.setStatus(env.getStatus() == null ? new io.sen2cor.operator.api.BatchEnvironmentStatus() : env.getStatus());
            envBackend.reconcile(env, env.getStatus());
        }
        assertThat(env.getStatus().getJobQueue().getArn()).isNotNull();
        tracker = new BatchJobTracker(pool, new TokenBucket(1000, 1000), Duration.ofHours(1), clock);
        backend = newBackend();
        lifecycle = new JobLifecycle(events, clock, SceneSelections.overStac(clock));
        gaps.clear();
    }

    final TestClock clock = new TestClock();

    /** Reconciles the finished job until its vCPU-hours, counted in the background, are in its status. */
    void awaitUsage(Sen2CorJob job, Sen2CorJobStatus status) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            lifecycle.reconcile(backend, job, env, status);
            return status.getUsage() != null && status.getUsage().getVcpuHours() != null;
        });
    }

    /** From here on, on a moto whose jobs all fail. */
    void onFailingMoto() {
        pool.close();
        direct.close();
        MotoServer failing = MotoServer.failing();
        failing.reset();
        setUpOn(failing);
    }

    AwsBatchJobBackend newBackend() {
        return new AwsBatchJobBackend(pool, events, tracker, new TokenBucket(1000, 1000), "sen2cor-runner:test",
                Duration.ofMinutes(30), AwsBatchTiming.DEFAULT, clock);
    }

    /** Submits the job (all chunks) without tracking it yet; returns the first job id. */
    String submit(Sen2CorJob job) {
        job.setStatus(job.getStatus() == null ? new Sen2CorJobStatus() : job.getStatus());
        while (lifecycle.reconcile(backend, job, env, job.getStatus()).state() == Observation.State.PROGRESSING) {
            // one SubmitJob per reconcile
        }
        return job.getStatus().getRounds().get(0).getJobIds().get(0);
    }

    /** What moto cannot show: the array job's children still waiting (or running). */
    void holdJob(String jobId, String status, int size, String childState) {
        gaps.editJob(jobId, j -> j.toBuilder().status(status)
                .arrayProperties(a -> a.size(size).statusSummary(java.util.Map.of(childState, size))).build());
    }

    @AfterEach
    void tearDown() {
        ALL_REQUESTS.addAll(gaps.everything);
        pool.close();
        direct.close();
    }

    @AfterAll
    static void theDocumentedIamPolicyAllowsEveryCallTheBackendMade() {
        assertThat(IamPolicy.missing(ALL_REQUESTS)).as(IamPolicy.FILE + " lacks").isEmpty();
    }

    static Sen2CorJob job(int scenes) {
        Sen2CorJob job = LocalOperator.example("sen2corjob-kenya.yaml", Sen2CorJob.class);
        job.getMetadata().setUid(UUID.randomUUID().toString());
        job.getMetadata().setGeneration(1L);
        if (scenes > 1) {
            job.getSpec().setProducts(products(scenes));
        }
        return job;
    }

    /** Distinct valid L1C ids: the tile and the sensing second vary. */
    static List<String> products(int n) {
        return IntStream.range(0, n).mapToObj(i -> String.format(
                "S2A_MSIL1C_20190122T%06d_N0207_R135_T36N%s_20190122T091707", 75221 + i % 1000,
                "" + (char) ('A' + (i / 1000) % 8) + (char) ('A' + (i / 8000) % 8))).toList();
    }

    /** Reconciles (polling the tracker between reconciles, as its timer would) until the job is finished. */
    Sen2CorJobStatus run(Sen2CorJob job) {
        Sen2CorJobStatus status = job.getStatus() == null ? new Sen2CorJobStatus() : job.getStatus();
        job.setStatus(status);
        for (int i = 0; i < 20; i++) {
            Observation o = lifecycle.reconcile(backend, job, env, status);
            assertThat(o.state()).as(o.toString()).isNotEqualTo(Observation.State.DEGRADED);
            if (o.state() == Observation.State.PROGRESSING) {
                continue;
            }
            if (status.getPhase() != JobPhase.Running) {
                return status;
            }
            tracker.pollNow();
        }
        throw new AssertionError("job did not finish: " + JSON.asJson(status));
    }

    @Test
    void aSingleSceneJobIsOnePlainJobAndSucceeds() {
        Sen2CorJob job = job(1);

        Sen2CorJobStatus status = run(job);

        assertThat(status.getPhase()).isEqualTo(JobPhase.Succeeded);
        assertThat(status.getProgress()).isEqualTo("1/1");
        assertThat(status.getScenes().getSucceeded()).isEqualTo(1);
        var submit = gaps.sent(SubmitJobRequest.class);
        assertThat(submit).singleElement().satisfies(s -> {
            assertThat(s.arrayProperties()).as("AWS arrays need 2+ children: one scene is a plain job").isNull();
            assertThat(s.jobQueue()).isEqualTo(env.getStatus().getJobQueue().getArn());
            assertThat(s.tags()).containsEntry(JobSubmissions.JOB_UID_TAG, job.getMetadata().getUid());
            assertThat(s.containerOverrides().environment()).extracting(e -> e.name() + "=" + e.value())
                    .contains(RunnerContract.MANIFEST_OFFSET + "=0", RunnerContract.OUTPUT_URI + "=s3://eo-l2a/kenya/",
                            RunnerContract.SOURCE_BUCKET + "=sentinel-s2-l1c", RunnerContract.SOURCE_REQUESTER_PAYS + "=true",
                            RunnerContract.THREADS + "=4");
        });
        var manifest = S3Location.parse(status.getRounds().get(0).getManifestUri());
        assertThat(direct.s3().getObjectAsBytes(r -> r.bucket(manifest.bucket()).key(manifest.key())).asUtf8String())
                .isEqualTo(job.getSpec().getProducts().get(0) + "\n");
        assertThat(status.getRounds().get(0).getJobIds()).hasSize(1);
        assertThat(events.reasons()).contains(EventReason.JobSubmitted, EventReason.Completed);
    }

    @Test
    void theLongestNamesKubernetesAllowsStayWithinAwsLimits() {
        Sen2CorJob job = job(2);
        job.getMetadata().setNamespace("n".repeat(63));
        job.getMetadata().setName("j".repeat(120) + "." + "k".repeat(132));

        assertThat(run(job).getPhase()).isEqualTo(JobPhase.Succeeded);

        var submit = gaps.sent(SubmitJobRequest.class);
        assertThat(submit).singleElement().satisfies(s -> {
            assertThat(ServiceModelGuard.violationsOf(s)).as("what AWS would refuse").isEmpty();
            assertThat(s.jobName()).hasSizeLessThanOrEqualTo(128);
            assertThat(s.tags()).containsEntry(JobSubmissions.JOB_NAMESPACE_TAG, job.getMetadata().getNamespace())
                    .containsEntry(JobSubmissions.JOB_NAME_TAG, job.getMetadata().getName());
        });
    }

    @Test
    void aFinishedJobReconciledAgainStaysFinishedWithoutANewEvent() {
        Sen2CorJob job = job(3);
        Sen2CorJobStatus status = run(job);
        assertThat(status.getPhase()).isEqualTo(JobPhase.Succeeded);
        awaitUsage(job, status); // the records are read once, in the background, for the catalog and the vCPU-hours
        String completed = status.getCompletionTime();
        long completedEvents = events.reasons().stream().filter(r -> r == EventReason.Completed).count();
        gaps.clear();

        // the 5-minute safety resync, an environment change or a restarted operator (a fresh backend)
        for (AwsBatchJobBackend b : List.of(backend, newBackend())) {
            Observation o = lifecycle.reconcile(b, job, env, status);
            assertThat(o.state()).isEqualTo(Observation.State.READY);
            assertThat(status.getPhase()).isEqualTo(JobPhase.Succeeded);
            assertThat(status.getScenes().getSucceeded()).isEqualTo(3);
            assertThat(status.getCompletionTime()).isEqualTo(completed);
        }
        assertThat(events.reasons().stream().filter(r -> r == EventReason.Completed).count()).isEqualTo(completedEvents);
        assertThat(gaps.requests).as("a finished job costs no AWS call").isEmpty();
    }

    @Test
    void identicalJobsLookUpTheirJobDefinitionOnceAndARefusedSubmitLooksItUpAgain() {
        Sen2CorJobStatus first = run(job(1));
        run(job(1));
        assertThat(gaps.sent(DescribeJobDefinitionsRequest.class)).as("one lookup for two identical jobs").hasSize(1);
        assertThat(gaps.sent(RegisterJobDefinitionRequest.class)).hasSize(1);

        // deregistered outside the operator: AWS refuses the next SubmitJob that names it
        String arn = first.getBatch().getJobDefinitionArn();
        direct.batch().deregisterJobDefinition(r -> r.jobDefinition(arn));
        gaps.refuse(SubmitJobRequest.class, 400, "ClientException", "JobDefinition " + arn + " is INACTIVE");
        Sen2CorJob third = job(1);
        third.setStatus(new Sen2CorJobStatus());
        Observation refused = lifecycle.reconcile(backend, third, env, third.getStatus());
        assertThat(refused.reason()).isEqualTo(ConditionReason.AwsRequestFailed);
        assertThat(refused.message()).contains("is INACTIVE");

        gaps.refuse(SubmitJobRequest.class, 0, null, null);
        Sen2CorJobStatus after = run(third);
        assertThat(after.getPhase()).isEqualTo(JobPhase.Succeeded);
        assertThat(gaps.sent(RegisterJobDefinitionRequest.class)).as("registered again").hasSize(2);
        assertThat(after.getBatch().getJobDefinitionArn()).isNotEqualTo(arn);
    }

    @Test
    void jobDefinitionIsNamedByContentRegisteredOnceAndCarriesTheRetryStrategy() {
        run(job(1));
        run(job(1));

        var registered = gaps.sent(RegisterJobDefinitionRequest.class);
        assertThat(registered).as("a second identical job reuses the ACTIVE revision").hasSize(1);
        var def = registered.get(0);
        assertThat(def.jobDefinitionName()).matches("sen2cor-[0-9a-f]{16}");
        assertThat(def.retryStrategy().attempts()).isEqualTo(3);
        assertThat(def.retryStrategy().evaluateOnExit()).extracting(e -> e.onStatusReason() + "|" + e.onExitCode()
                + "|" + e.onReason() + "|" + e.actionAsString())
                .containsExactly("Host EC2*|null|null|RETRY", "null|75|null|RETRY", "null|null|*|EXIT");
        assertThat(def.timeout().attemptDurationSeconds()).isEqualTo(7200);
        assertThat(def.containerProperties().resourceRequirements()).extracting(r -> r.typeAsString() + "=" + r.value())
                .containsExactlyInAnyOrder("VCPU=4", "MEMORY=15360");
    }

    @Test
    void tenThousandScenesAreOneArrayJobWithASmallRequestAndSucceed() {
        Sen2CorJob job = job(10_000);
        long describesBefore = tracker.describeCalls();

        Sen2CorJobStatus status = run(job);

        assertThat(status.getPhase()).isEqualTo(JobPhase.Succeeded);
        assertThat(status.getScenes().getSucceeded()).isEqualTo(10_000);
        assertThat(status.getProgress()).isEqualTo("10000/10000");
        var submits = gaps.sent(SubmitJobRequest.class);
        assertThat(submits).singleElement().satisfies(s -> {
            assertThat(s.arrayProperties().size()).isEqualTo(10_000);
            assertThat(JSON.asJson(s.toBuilder().build().toString()).length()).as("SubmitJob request size").isLessThan(30 * 1024);
        });
        long describes = tracker.describeCalls() - describesBefore;
        assertThat(describes).as("DescribeJobs calls while tracking 1 array job").isLessThanOrEqualTo(2);
        assertThat(gaps.sent(DescribeJobsRequest.class)).allSatisfy(d -> assertThat(d.jobs()).hasSizeLessThanOrEqualTo(100));
        byte[] size = JSON.asJson(status).getBytes();
        System.out.printf("10,000-scene job: SubmitJob %d, DescribeJobs %d, status %d bytes%n", submits.size(), describes,
                size.length);
        assertThat(size.length).as("status bytes").isLessThan(4096);
    }

    /**
     * A selection too large for status (here 20,001 ids): written once as round 0's manifest, then three submissions
     * read it at their offsets (two arrays of 10,000 and a plain job), and status holds none of the ids.
     */
    @Test
    void aSelectionKeptInTheStoreIsRoundZerosManifestForEveryArray() {
        Sen2CorJob job = job(1);
        job.getSpec().setProducts(null);
        io.sen2cor.operator.api.SceneSelector scenes = new io.sen2cor.operator.api.SceneSelector();
        scenes.setMgrsTiles(List.of("36NXF"));
        scenes.setDatetime("2019-01-01T00:00:00Z/2019-01-31T23:59:59Z");
        scenes.setLimit(io.sen2cor.operator.api.SceneSelector.MAX_SELECTED);
        job.getSpec().setScenes(scenes);
        List<String> ids = products(20_001);
        String kept = backend.keepSelection(job, env, ids).orElseThrow();
        var selection = new io.sen2cor.operator.api.SceneSelectionStatus();
        selection.setMatched(ids.size());
        selection.setDuplicates(0);
        selection.setSelected(ids.size());
        selection.setManifestUri(kept);
        job.setStatus(new Sen2CorJobStatus());
        job.getStatus().setSelection(selection);

        Sen2CorJobStatus status = run(job);

        assertThat(kept).isEqualTo(SceneManifests.location(job, 0).toString());
        var at = S3Location.parse(kept);
        assertThat(direct.s3().getObjectAsBytes(r -> r.bucket(at.bucket()).key(at.key())).asUtf8String().split("\n"))
                .hasSize(20_001).startsWith(ids.get(0)).endsWith(ids.get(20_000));
        assertThat(status.getPhase()).isEqualTo(JobPhase.Succeeded);
        assertThat(status.getScenes().getSucceeded()).isEqualTo(20_001);
        assertThat(status.getRounds().get(0).getManifestUri()).isEqualTo(kept);
        assertThat(gaps.sent(SubmitJobRequest.class)).hasSize(3).allSatisfy(s -> assertThat(s.containerOverrides().environment())
                .extracting(e -> e.name() + "=" + e.value()).contains(RunnerContract.MANIFEST_URI + "=" + kept))
                .extracting(s -> s.arrayProperties() == null ? 1 : s.arrayProperties().size()).containsExactly(10_000, 10_000, 1);
        assertThat(gaps.sent(SubmitJobRequest.class)).extracting(s -> s.containerOverrides().environment().stream()
                .filter(e -> e.name().equals(RunnerContract.MANIFEST_OFFSET)).findFirst().orElseThrow().value())
                .containsExactly("0", "10000", "20000");
        assertThat(backend.products(job, env, status.getRounds().get(0))).as("read back for failures and the catalog")
                .hasSize(20_001);
        assertThat(JSON.asJson(status)).doesNotContain(ids.get(0));
        System.out.printf("20,001-scene kept selection: status %d bytes%n", JSON.asJson(status).length());
    }

    @Test
    void aJobCreatedAfterThisProcessFirstSubmittedIsSubmittedWithoutTheIdempotencyLookup() {
        run(job(3)); // this process's first submission: its job is older than that, so it was looked up
        long lookups = gaps.sent(software.amazon.awssdk.services.batch.model.ListJobsRequest.class).stream()
                .filter(r -> r.filters() != null && !r.filters().isEmpty()).count();
        assertThat(lookups).isEqualTo(1);

        Sen2CorJob fresh = job(3);
        fresh.getMetadata().setCreationTimestamp(Instant.now().plusSeconds(2).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        Sen2CorJobStatus status = run(fresh);

        assertThat(status.getPhase()).isEqualTo(JobPhase.Succeeded);
        assertThat(gaps.sent(software.amazon.awssdk.services.batch.model.ListJobsRequest.class).stream()
                .filter(r -> r.filters() != null && !r.filters().isEmpty()).count())
                .as("no JOB_NAME lookup for a job only this process has seen").isEqualTo(lookups);
        assertThat(gaps.sent(SubmitJobRequest.class)).hasSize(2);
    }

    @Test
    void theIdempotencyLookupIsMadeWhereASubmissionMayHaveHappenedUnseen() {
        Instant since = Instant.parse("2026-12-07T05:00:00Z");
        assertThat(JobSubmissions.mayExist(false, since.plusSeconds(1), since)).as("created after: only this process").isFalse();
        assertThat(JobSubmissions.mayExist(true, since.plusSeconds(1), since)).as("sent by this process: the answer may be lost")
                .isTrue();
        assertThat(JobSubmissions.mayExist(false, since, since)).as("the same second: may be older").isTrue();
        assertThat(JobSubmissions.mayExist(false, since.minusSeconds(60), since)).as("an earlier process may have sent it").isTrue();
        assertThat(JobSubmissions.mayExist(false, null, since)).isTrue();
        assertThat(JobSubmissions.mayExist(false, since, null)).isTrue();
    }

    @Test
    void anOperatorThatDiedBetweenSubmitJobAndTheStatusWriteDoesNotSubmitAgain() {
        Sen2CorJob job = job(500);
        Sen2CorJobStatus status = new Sen2CorJobStatus();
        // reconcile until the manifest is written and the job submitted, then lose the status write
        Sen2CorJobStatus lost = JSON.clone(status);
        Observation first = lifecycle.reconcile(backend, job, env, lost);
        assertThat(first.state()).isEqualTo(Observation.State.PROGRESSING);
        assertThat(gaps.sent(SubmitJobRequest.class)).hasSize(1);

        backend = newBackend();
        job.setStatus(status);
        Sen2CorJobStatus finished = run(job);

        assertThat(finished.getPhase()).isEqualTo(JobPhase.Succeeded);
        assertThat(gaps.sent(SubmitJobRequest.class)).as("SubmitJob calls over both operator lives").hasSize(1);
        String name = JobSubmissions.jobName(job, 0, 0);
        var sameName = direct.batch().listJobs(r -> r.jobQueue(env.getStatus().getJobQueue().getArn())
                .filters(KeyValuesPair.builder().name("JOB_NAME").values(name).build())).jobSummaryList().stream()
                .filter(j -> !j.jobId().contains(":")).toList();
        assertThat(sameName).as("array jobs named " + name + " in AWS Batch (children aside)").hasSize(1);
        assertThat(finished.getRounds().get(0).getJobIds()).containsExactly(sameName.get(0).jobId());
    }

    @Test
    void failedScenesAreListedBoundedReportedInTheBucketAndRetriedOnRequest() {
        onFailingMoto();
        Sen2CorJob job = job(30);

        Sen2CorJobStatus status = run(job);

        assertThat(status.getPhase()).isEqualTo(JobPhase.Failed);
        assertThat(status.getScenes().getFailed()).isEqualTo(30);
        assertThat(status.getFailures()).hasSize(Sen2CorJobStatus.MAX_FAILURES)
                .allSatisfy(f -> assertThat(f.getProduct()).isIn(job.getSpec().getProducts()))
                .allSatisfy(f -> assertThat(f.getReason()).isNotBlank());
        assertThat(status.getFailures()).as("each names where its attempt logged").allSatisfy(f -> {
            assertThat(f.getLogGroup()).isEqualTo("/aws/batch/job");
            assertThat(f.getLogStream()).startsWith(JobDefinitions.NAME_PREFIX).contains("/default/");
            assertThat(f.getLogUrl()).startsWith("https://eu-central-1.console.aws.amazon.com/cloudwatch/home?region=eu-central-1#logsV2:log-groups/log-group/$252Faws$252Fbatch$252Fjob/log-events/");
        });
        var report = io.sen2cor.operator.work.JobFolder.report(job);
        String json = direct.s3().getObjectAsBytes(r -> r.bucket(report.bucket()).key(report.key())).asUtf8String();
        assertThat(json).contains("\"phase\":\"Failed\"");
        @SuppressWarnings("unchecked")
        var reported = (java.util.List<java.util.Map<String, Object>>) JSON.unmarshal(json, java.util.Map.class).get("failed");
        assertThat(reported).as("every failure in report.json, with its log").hasSize(30)
                .allSatisfy(f -> assertThat(f).containsKeys("jobId", "logGroup", "logStream", "logUrl")
                        .doesNotContainKeys("pod", "logCommand"));
        assertThat(job.getSpec().getProducts()).allSatisfy(p -> assertThat(json).contains(p));
        assertThat(events.reasons()).contains(EventReason.CompletedWithFailures);
        int bytes = JSON.asJson(status).getBytes().length;
        System.out.printf("status with %d failures listed: %d bytes%n", status.getFailures().size(), bytes);
        assertThat(bytes).as("status bytes with the failure list full").isLessThan(16 * 1024);

        job.getSpec().setRetryGeneration(1);
        Sen2CorJobStatus retried = run(job);

        assertThat(retried.getRetriedGeneration()).isEqualTo(1);
        assertThat(retried.getRounds()).extracting("round", "cause", "scenes")
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0, "Initial", 30),
                        org.assertj.core.groups.Tuple.tuple(1, "RetryFailed", 30));
        assertThat(gaps.sent(SubmitJobRequest.class)).hasSize(2);
        var manifest = S3Location.parse(retried.getRounds().get(1).getManifestUri());
        assertThat(direct.s3().getObjectAsBytes(r -> r.bucket(manifest.bucket()).key(manifest.key())).asUtf8String()
                .lines().sorted().toList()).isEqualTo(job.getSpec().getProducts().stream().sorted().toList());
        assertThat(run(job).getRounds()).as("no new round without a new retryGeneration").hasSize(2);
    }

    @Test
    void aFinishedJobsVcpuHoursComeFromItsScenesResultRecords() {
        Sen2CorJob job = job(3);
        // moto runs no container: the records are written as the runner writes them (runner.SceneResult)
        double[] seconds = {1800, 3600, 900};
        for (int i = 0; i < 3; i++) {
            var record = new io.sen2cor.operator.contract.SceneResult(job.getSpec().getProducts().get(i))
                    .put("status", "SUCCEEDED").put("capacity", i < 2 ? "SpotOrOnDemand" : "OnDemand");
            record.usage((long) (seconds[i] / 4 * 1e9), 4);
            String key = "kenya/" + job.getSpec().getProducts().get(i) + "/result.json";
            direct.s3().putObject(r -> r.bucket("eo-l2a").key(key), software.amazon.awssdk.core.sync.RequestBody.fromString(record.toJson()));
        }

        Sen2CorJobStatus status = run(job);
        assertThat(status.getPhase()).isEqualTo(JobPhase.Succeeded);
        // the records are read in the background: the finished job's next reconciles pick the figures up
        awaitUsage(job, status);

        assertThat(status.getUsage().getVcpuHours()).as("(1800 + 3600 + 900) vCPU-seconds").isEqualTo(1.75);
        assertThat(status.getUsage().getVcpuHoursByCapacity()).containsExactly(
                java.util.Map.entry("OnDemand", 0.25), java.util.Map.entry("SpotOrOnDemand", 1.5));
    }

    @Test
    void theReconcileWokenWhenTheRecordsAreReadFindsThemRead() throws Exception {
        Sen2CorJob job = job(2);
        // as JOSDK does for an idle resource: the wake's reconcile may run before the thread that woke it goes on
        // (one reconcile at a time, as JOSDK runs them: the woken one waits for the test's to end)
        var woken = new java.util.concurrent.CompletableFuture<Sen2CorJobStatus>();
        var finished = new java.util.concurrent.CountDownLatch(1);
        job.setStatus(new Sen2CorJobStatus());
        Sen2CorJobStatus status = job.getStatus();
        tracker.setEventHandler(event -> {
            try {
                if (status.getPhase() == JobPhase.Succeeded && finished.await(30, java.util.concurrent.TimeUnit.SECONDS)) {
                    lifecycle.reconcile(backend, job, env, status);
                    woken.complete(status);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        // reconciled on the test thread until finished; the records are read on the backend's own thread
        run(job);
        assertThat(status.getPhase()).isEqualTo(JobPhase.Succeeded);
        finished.countDown();

        Sen2CorJobStatus after = woken.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(after.getUsage()).as("the woken reconcile alone put the usage in status: no later wake comes").isNotNull();
        assertThat(after.getUsage().getVcpuHours()).isEqualTo(0.0);
    }

    @Test
    void scenesReclaimedOnSpotTooOftenRunAgainOnTheOnDemandQueue() {
        onFailingMoto();
        Sen2CorJob job = job(3);
        job.getSpec().getRetry().setOnDemandAfterSpotInterruptions(2);
        String parent = submit(job);
        // moto runs no instance to reclaim: children 0 and 1 are described as AWS Batch describes a child whose
        // three attempts were all reclaimed (status reason Host EC2 ... terminated); child 2 fails on its own
        var reclaimed = software.amazon.awssdk.services.batch.model.AttemptDetail.builder()
                .statusReason("Host EC2 (instance i-0d2a7a6b0e3c1f456) terminated.").startedAt(1L).stoppedAt(2L)
                .container(c -> c.logStreamName("sen2cor/default/reclaimed")).build();
        for (String child : List.of(parent + ":0", parent + ":1")) {
            gaps.editJob(child, d -> d.toBuilder().attempts(reclaimed, reclaimed, reclaimed)
                    .statusReason("Host EC2 (instance i-0d2a7a6b0e3c1f456) terminated.").build());
        }

        Sen2CorJobStatus status = run(job);

        var rounds = status.getRounds();
        assertThat(rounds).extracting("round", "cause", "scenes", "capacity", "carriedFailed").containsExactly(
                org.assertj.core.groups.Tuple.tuple(0, "Initial", 3, null, null),
                org.assertj.core.groups.Tuple.tuple(1, "SpotEscalation", 2, "OnDemand", 1));
        var submits = gaps.sent(SubmitJobRequest.class);
        assertThat(submits).extracting(SubmitJobRequest::jobQueue).containsExactly(
                env.getStatus().getJobQueue().getArn(), env.getStatus().getOnDemandJobQueue().getArn());
        var escalated = S3Location.parse(rounds.get(1).getManifestUri());
        assertThat(direct.s3().getObjectAsBytes(r -> r.bucket(escalated.bucket()).key(escalated.key())).asUtf8String()
                .lines().toList()).containsExactly(job.getSpec().getProducts().get(0), job.getSpec().getProducts().get(1));
        assertThat(status.getSpot().getInterruptions()).isEqualTo(6);
        assertThat(status.getSpot().getEscalated()).isEqualTo(2);
        assertThat(events.reasons()).contains(EventReason.SpotEscalation);
        // moto fails the On-Demand round too: every scene is failed, the carried one included
        assertThat(status.getPhase()).isEqualTo(JobPhase.Failed);
        assertThat(status.getScenes().getFailed()).isEqualTo(3);
        assertThat(status.getFailures()).extracting(f -> f.getProduct())
                .containsExactlyInAnyOrderElementsOf(job.getSpec().getProducts());
    }

    @Test
    void scenesThatDoNotStartSurfaceWithTheLikelyCause() {
        Sen2CorJob job = job(5);
        job.getSpec().getResources().setVcpus(512);
        String id = submit(job);
        holdJob(id, "RUNNABLE", 5, "RUNNABLE");
        tracker.pollNow();
        Observation fresh = lifecycle.reconcile(backend, job, env, job.getStatus());
        assertThat(fresh.reason()).isEqualTo(ConditionReason.Ready);

        clock.now = clock.now.plus(Duration.ofMinutes(31));
        Observation stuck = lifecycle.reconcile(backend, job, env, job.getStatus());

        assertThat(stuck.reason()).as("Ready means ready").isEqualTo(ConditionReason.Ready);
        assertThat(stuck.warning().reason()).isEqualTo(ConditionReason.ScenesNotStarting);
        assertThat(stuck.warning().message()).isEqualTo("5 scene(s) have not started for more than 30 min; each scene needs 512 "
                + "vCPUs but the largest compute environment allows 256");
        assertThat(job.getStatus().getPhase()).isEqualTo(JobPhase.Running);
    }

    @Test
    void scenesThatDoNotStartQuoteAwsBatchsOwnReasonForTheRunnableChildren() {
        Sen2CorJob job = job(5);
        String id = submit(job);
        holdJob(id, "PENDING", 5, "RUNNABLE");
        gaps.listChildren(id, List.of(software.amazon.awssdk.services.batch.model.JobSummary.builder().jobId(id + ":0")
                .jobName("child").status("RUNNABLE").statusReason("CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY - Service cannot "
                        + "fulfill the capacity requested for instance type [c5.2xlarge]")
                .arrayProperties(a -> a.index(0)).build()));
        tracker.pollNow();
        lifecycle.reconcile(backend, job, env, job.getStatus());

        clock.now = clock.now.plus(Duration.ofMinutes(31));
        Observation stuck = lifecycle.reconcile(backend, job, env, job.getStatus());

        assertThat(stuck.warning().reason()).isEqualTo(ConditionReason.ScenesNotStarting);
        assertThat(stuck.warning().message()).isEqualTo("5 scene(s) have not started for more than 30 min; AWS Batch says: "
                + "CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY - Service cannot fulfill the capacity requested for instance type "
                + "[c5.2xlarge]");
    }

    @Test
    void suspendCancelsQueuedWorkOnceAndDeletionTerminatesWhatRuns() {
        Sen2CorJob job = job(5);
        String id = submit(job);
        holdJob(id, "RUNNABLE", 5, "RUNNABLE");
        tracker.pollNow();

        job.getSpec().setSuspend(true);
        Observation suspended = lifecycle.reconcile(backend, job, env, job.getStatus());
        assertThat(suspended.reason()).isEqualTo(ConditionReason.Suspended);
        assertThat(gaps.sent(software.amazon.awssdk.services.batch.model.CancelJobRequest.class)).singleElement()
                .satisfies(c -> assertThat(c.jobId()).isEqualTo(id));
        job.getStatus().setConditions(io.sen2cor.operator.status.Conditions.set(job.getStatus().getConditions(),
                "Ready", true, ConditionReason.Suspended.name(), suspended.message(), 1L, clock.instant()));
        lifecycle.reconcile(backend, job, env, job.getStatus());
        assertThat(gaps.sent(software.amazon.awssdk.services.batch.model.CancelJobRequest.class)).as("cancelled once").hasSize(1);

        holdJob(id, "RUNNING", 5, "RUNNING");
        Sen2CorJob sharing = job(2);
        sharing.setStatus(new Sen2CorJobStatus());
        sharing.getStatus().setBatch(new io.sen2cor.operator.api.BatchJobsStatus());
        sharing.getStatus().getBatch().setJobDefinitionArn(job.getStatus().getBatch().getJobDefinitionArn());
        assertThat(backend.cleanup(job, env, List.of(sharing)).done()).isTrue();
        assertThat(gaps.sent(software.amazon.awssdk.services.batch.model.DeregisterJobDefinitionRequest.class))
                .as("another Sen2CorJob still uses the definition").isEmpty();
        assertThat(gaps.sent(software.amazon.awssdk.services.batch.model.TerminateJobRequest.class)).singleElement()
                .satisfies(t -> assertThat(t.jobId()).isEqualTo(id));
        assertThat(events.reasons()).contains(EventReason.JobsCancelled, EventReason.JobsTerminated);
        assertThat(tracker.tracking(io.javaoperatorsdk.operator.processing.event.ResourceID.fromResource(job))).isFalse();

        assertThat(backend.cleanup(job, env, List.of()).done()).isTrue();
        assertThat(gaps.sent(software.amazon.awssdk.services.batch.model.DeregisterJobDefinitionRequest.class))
                .singleElement().satisfies(d -> assertThat(d.jobDefinition())
                        .isEqualTo(job.getStatus().getBatch().getJobDefinitionArn()));
        assertThat(direct.batch().describeJobDefinitions(r -> r.jobDefinitions(job.getStatus().getBatch().getJobDefinitionArn()))
                .jobDefinitions()).allSatisfy(d -> assertThat(d.status()).isEqualTo("INACTIVE"));
    }

    @Test
    void childrenOfACancelledArrayCountAsCancelledWithoutCarryingTheParentsReason() {
        Sen2CorJob job = job(3);
        String id = submit(job);
        // AWS: the cancel was accepted for the parent (isCancelled); its children end FAILED with reasons of their own
        gaps.editJob(id, j -> j.toBuilder().status("FAILED").statusReason("Array Child Job failed").isCancelled(true)
                .arrayProperties(a -> a.size(3).statusSummary(java.util.Map.of("FAILED", 3))).build());
        gaps.listChildren(id, List.of(
                child(id, 0, null, "Dependent Job failed"),
                child(id, 1, 1_700_000_000_000L, "Essential container in task exited"),
                child(id, 2, null, null)));
        tracker.pollNow();

        var failed = backend.failedScenes(job, env, job.getStatus().getRounds().get(0));

        assertThat(failed).extracting(f -> f.product().substring(35, 43) + ":" + f.cancelled())
                .as("never started: cancelled, rerun on resume; started and failed: a real failure")
                .containsExactly(job.getSpec().getProducts().get(0).substring(35, 43) + ":true",
                        job.getSpec().getProducts().get(1).substring(35, 43) + ":false",
                        job.getSpec().getProducts().get(2).substring(35, 43) + ":true");
    }

    static software.amazon.awssdk.services.batch.model.JobSummary child(String parent, int index, Long startedAt,
            String reason) {
        return software.amazon.awssdk.services.batch.model.JobSummary.builder().jobId(parent + ":" + index)
                .jobName("child").status("FAILED").statusReason(reason).startedAt(startedAt)
                .arrayProperties(a -> a.index(index)).build();
    }

    @Test
    void aJobMissingFromDescribeJobsRightAfterSubmissionIsNotFinishedAndFailsNoScene() {
        Sen2CorJob job = job(3);
        String id = submit(job);
        // Metaflow #543, Airflow #37552: DescribeJobs may leave out a job submitted seconds before
        gaps.editJob(id, j -> null);
        tracker.pollNow();
        tracker.pollNow();
        clock.advance(Duration.ofDays(6));
        tracker.pollNow();

        Observation o = lifecycle.reconcile(backend, job, env, job.getStatus());

        assertThat(tracker.snapshot(id).map(JobSnapshot::forgotten).orElse(false)).as("within AWS's 7 days").isFalse();
        assertThat(job.getStatus().getPhase()).isEqualTo(JobPhase.Running);
        assertThat(job.getStatus().getScenes().getFailed()).as("no evidence, no failure").isZero();
        assertThat(o.state()).isNotEqualTo(Observation.State.DEGRADED);
        assertThat(job.getStatus().getRounds().get(0).getSubmittedAt()).isEqualTo("2026-11-25T12:00:00Z");
    }

    @Test
    void aJobAwsBatchForgotIsNeverResubmittedItsScenesCountFromTheResultRecords() {
        Sen2CorJob job = job(3);
        String id = submit(job);
        gaps.editJob(id, j -> null);
        var output = S3Location.parse(job.getSpec().getOutput().getUri());
        for (String product : job.getSpec().getProducts().subList(0, 2)) {
            var record = output.resolve(product + "/" + RunnerContract.RESULT_FILE);
            direct.s3().putObject(r -> r.bucket(record.bucket()).key(record.key()),
                    software.amazon.awssdk.core.sync.RequestBody.fromString("{\"status\": \"SUCCEEDED\"}"));
        }
        // past AWS's retention since the submission, and missed twice in a row
        clock.advance(MissingJobs.RETENTION.plusHours(1));
        tracker.pollNow();
        assertThat(tracker.snapshot(id).map(JobSnapshot::forgotten).orElse(false)).as("one miss is not enough").isFalse();
        tracker.pollNow();

        Sen2CorJobStatus status = run(job);

        assertThat(status.getPhase()).isEqualTo(JobPhase.PartiallySucceeded);
        assertThat(status.getScenes().getSucceeded()).isEqualTo(2);
        assertThat(status.getScenes().getFailed()).isEqualTo(1);
        assertThat(gaps.sent(SubmitJobRequest.class)).hasSize(1);
    }

    @Test
    void aMissingOutputBucketSubmitsNothing() {
        Sen2CorJob job = job(2);
        job.getSpec().getOutput().setUri("s3://no-such-bucket/l2a/");
        job.setStatus(new Sen2CorJobStatus());

        Observation o = lifecycle.reconcile(backend, job, env, job.getStatus());

        assertThat(o.reason()).isEqualTo(ConditionReason.OutputBucketNotFound);
        assertThat(o.message()).isEqualTo("output bucket of s3://no-such-bucket/l2a/ does not exist; nothing was submitted");
        assertThat(gaps.sent(SubmitJobRequest.class)).isEmpty();
    }
}
