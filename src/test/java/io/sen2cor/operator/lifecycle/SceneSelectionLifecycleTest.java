package io.sen2cor.operator.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.sen2cor.operator.api.BatchEnvironment;
import io.sen2cor.operator.api.JobPhase;
import io.sen2cor.operator.api.SceneSelector;
import io.sen2cor.operator.api.Sen2CorJob;
import io.sen2cor.operator.api.Sen2CorJobStatus;
import io.sen2cor.operator.backend.Observation;
import io.sen2cor.operator.stac.SceneSelections;
import io.sen2cor.operator.stac.StacSearch;
import io.sen2cor.operator.status.ConditionReason;
import io.sen2cor.operator.testing.InMemoryJobBackend;
import io.sen2cor.operator.testing.LocalOperator;
import io.sen2cor.operator.testing.RecordingEvents;

/**
 * spec.scenes in the job lifecycle, on the in-memory backend with a counting stand-in for the STAC search (the search
 * itself is tested against a real STAC API in StacSearchOnStacApiTest): searched once, then frozen and submitted; a
 * refused selection is not searched again.
 */
class SceneSelectionLifecycleTest {

    static final String A = "S2A_MSIL1C_20190122T075221_N0207_R135_T36NXF_20190122T091707";
    static final String B = "S2B_MSIL1C_20190127T075159_N0207_R135_T36NXF_20190127T104307";

    final InMemoryJobBackend backend = new InMemoryJobBackend();
    final AtomicInteger searches = new AtomicInteger();
    StacSearch.Result answer;
    final Clock clock = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);
    final JobLifecycle lifecycle = new JobLifecycle(new RecordingEvents(), clock, new SceneSelections(s -> {
        searches.incrementAndGet();
        return answer;
    }, clock));
    final BatchEnvironment env = LocalOperator.example("batchenvironment-spot.yaml", BatchEnvironment.class);
    Sen2CorJob job;

    @BeforeEach
    void setUp() {
        job = LocalOperator.example("sen2corjob-kenya.yaml", Sen2CorJob.class);
        job.getMetadata().setUid(UUID.randomUUID().toString());
        job.getMetadata().setGeneration(1L);
        job.getSpec().setProducts(null);
        SceneSelector scenes = new SceneSelector();
        scenes.setMgrsTiles(List.of("36NXF"));
        scenes.setDatetime("2019-01-01T00:00:00Z/2019-01-31T23:59:59Z");
        job.getSpec().setScenes(scenes);
        job.setStatus(new Sen2CorJobStatus());
    }

    Observation step() {
        return JobLifecycleTest.step(lifecycle, backend, job, env);
    }

    /** Steps until the search has been answered (it runs on SceneSelections' own threads). */
    Observation resolved() throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L; // a million items take a few seconds to select
        while (System.nanoTime() < deadline) {
            Observation o = step();
            if (o.reason() != ConditionReason.ResolvingScenes || o.message().startsWith("selected")) {
                return o;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the search never finished");
    }

    @Test
    void theSelectionIsSearchedOnceFrozenAndItsScenesSubmitted() throws InterruptedException {
        answer = new StacSearch.Result(List.of(new StacSearch.Item("b", B), new StacSearch.Item("a", A)), 1, false);

        Observation o = resolved();

        assertThat(o.message()).startsWith("selected 2 scenes");
        assertThat(job.getStatus().getSelection().getProducts()).containsExactly(A, B);
        assertThat(job.getStatus().getScenes().getTotal()).isEqualTo(2);
        step();
        assertThat(backend.work.values().stream().flatMap(List::stream).map(s -> s.product)).containsExactlyInAnyOrder(A, B);
        step();
        assertThat(searches.get()).as("frozen: no second search").isEqualTo(1);
    }

    @Test
    void aRefusedSelectionIsNotSearchedAgain() throws InterruptedException {
        answer = new StacSearch.Result(List.of(new StacSearch.Item("a", A)), 3, true);

        Observation o = resolved();

        assertThat(o.reason()).isEqualTo(ConditionReason.SelectionRefused);
        assertThat(job.getStatus().getPhase()).isEqualTo(JobPhase.Failed);
        for (int i = 0; i < 3; i++) {
            assertThat(step().reason()).isEqualTo(ConditionReason.SelectionRefused);
        }
        assertThat(searches.get()).isEqualTo(1);
        assertThat(backend.work).as("nothing submitted").isEmpty();
    }

    /** An L2A collection, or a catalogue whose items name no L1C product: Failed with why, not Succeeded with nothing. */
    @Test
    void aSearchWhoseEveryItemIsUnservableFailsInsteadOfSucceedingWithNothingDone() throws InterruptedException {
        answer = new StacSearch.Result(List.of(new StacSearch.Item("S2A_36NXF_20190122_0_L2A", null),
                new StacSearch.Item("S2B_36NXF_20190127_0_L2A", null)), 1, false);

        Observation o = resolved();

        assertThat(o.reason()).isEqualTo(ConditionReason.SelectionRefused);
        assertThat(o.message()).contains("none of the 2 items matched names an L1C product id", "S2A_36NXF_20190122_0_L2A");
        assertThat(job.getStatus().getPhase()).isEqualTo(JobPhase.Failed);
        assertThat(backend.work).as("nothing submitted").isEmpty();
    }

    @Test
    void aSpecEditDuringTheSearchStartsNoOtherAndDeletingTheJobCancelsIt() throws InterruptedException {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch interrupted = new java.util.concurrent.CountDownLatch(1);
        AtomicInteger slow = new AtomicInteger();
        SceneSelections selections = new SceneSelections(s -> {
            slow.incrementAndGet();
            try {
                release.await();
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw new IllegalStateException("cancelled");
            }
            return new StacSearch.Result(List.of(new StacSearch.Item("a", A)), 1, false);
        }, clock);
        JobLifecycle slowLifecycle = new JobLifecycle(new RecordingEvents(), clock, selections);
        JobLifecycleTest.step(slowLifecycle, backend, job, env);
        for (long generation = 2; generation < 6; generation++) {
            job.getMetadata().setGeneration(generation); // e.g. suspend toggled while the catalogue is slow
            assertThat(JobLifecycleTest.step(slowLifecycle, backend, job, env).reason()).isEqualTo(ConditionReason.ResolvingScenes);
        }
        Thread.sleep(50);
        assertThat(slow.get()).as("one search per job, whatever its generation").isEqualTo(1);
        selections.forget(job.getMetadata().getUid());
        assertThat(interrupted.await(5, java.util.concurrent.TimeUnit.SECONDS)).as("the deleted job's search is stopped").isTrue();
        selections.close();
    }

    /** A million distinct L1C ids: one per second of sensing time on one tile (no two of one datatake). */
    static List<StacSearch.Item> million() {
        java.time.format.DateTimeFormatter f = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss")
                .withZone(ZoneOffset.UTC);
        Instant start = Instant.parse("2019-01-01T00:00:00Z");
        List<StacSearch.Item> items = new java.util.ArrayList<>(1_000_000);
        for (int i = 0; i < 1_000_000; i++) {
            String t = f.format(start.plusSeconds(i));
            items.add(new StacSearch.Item("i" + i, "S2A_MSIL1C_" + t + "_N0500_R135_T36NXF_" + t));
        }
        return items;
    }

    /**
     * One job of a million scenes: the frozen ids go to the backend's store, and status stays the same few KiB from
     * the selection to the end (100 chunks of 10,000, every scene counted, none listed).
     */
    @Test
    void aMillionSceneSelectionIsKeptInTheStoreAndStatusStaysBounded() throws InterruptedException {
        job.getSpec().getScenes().setLimit(SceneSelector.MAX_SELECTED);
        backend.chunksPerRound = 100;
        answer = new StacSearch.Result(million(), 4000, false);
        var json = new io.fabric8.kubernetes.client.utils.KubernetesSerialization();
        int largest = 0;

        Observation o = resolved();
        assertThat(o.message()).startsWith("selected 1000000 scenes");
        assertThat(job.getStatus().getSelection().getProducts()).as("not in status").isNull();
        assertThat(job.getStatus().getSelection().getManifestUri()).isEqualTo("memory://default/" + job.getMetadata().getName()
                + "/selection");
        assertThat(job.getStatus().getSelection().getSha256()).hasSize(64);
        assertThat(backend.calls).contains("keepSelection default/" + job.getMetadata().getName() + " 1000000");
        for (int i = 0; i < 100 && !backend.submitted(job.getStatus().getRounds() == null || job.getStatus().getRounds().isEmpty()
                ? new io.sen2cor.operator.api.SceneRound() : job.getStatus().getRounds().get(0)); i++) {
            step();
            largest = Math.max(largest, json.asJson(job.getStatus()).length());
        }
        assertThat(job.getStatus().getRounds().get(0).getJobIds()).hasSize(100);
        assertThat(job.getStatus().getRounds().get(0).getScenes()).isEqualTo(1_000_000);
        assertThat(backend.work.values().stream().mapToInt(List::size).sum()).isEqualTo(1_000_000);

        backend.work.values().forEach(scenes -> scenes.forEach(sc -> sc.state = io.sen2cor.operator.testing.SceneState.SUCCEEDED));
        for (int i = 0; i < 5 && job.getStatus().getPhase() != JobPhase.Succeeded; i++) {
            step();
            largest = Math.max(largest, json.asJson(job.getStatus()).length());
        }
        assertThat(job.getStatus().getPhase()).isEqualTo(JobPhase.Succeeded);
        assertThat(job.getStatus().getScenes().getSucceeded()).isEqualTo(1_000_000);
        System.out.printf("million-scene job: largest status %d bytes (JSON) over %d submissions%n", largest, 100);
        assertThat(largest).as("status bytes: 100 array ids and counts, no product id").isLessThan(16 * 1024);
    }

    @Test
    void aBackendThatCannotKeepALargeSelectionRefusesTheJobBeforeSubmittingAnything() throws InterruptedException {
        job.getSpec().getScenes().setLimit(20_000);
        backend.keepsSelections = false;
        List<StacSearch.Item> items = million().subList(0, 10_001);
        answer = new StacSearch.Result(items, 41, false);

        Observation o = resolved();

        assertThat(o.reason()).isEqualTo(ConditionReason.SelectionRefused);
        assertThat(o.message()).contains("selected 10001 scenes", "keeps at most 10000 per Sen2CorJob", "split the selection");
        assertThat(job.getStatus().getPhase()).isEqualTo(JobPhase.Failed);
        assertThat(job.getStatus().getSelection()).isNull();
        assertThat(step().reason()).as("said again, not searched again").isEqualTo(ConditionReason.SelectionRefused);
        assertThat(searches.get()).isEqualTo(1);
        assertThat(backend.work).isEmpty();
    }
}
