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
        for (int i = 0; i < 200; i++) {
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
}
