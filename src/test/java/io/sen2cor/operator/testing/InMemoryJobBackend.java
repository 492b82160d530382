package io.sen2cor.operator.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import io.sen2cor.operator.api.BatchEnvironment;
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
import io.sen2cor.operator.work.JobScenes;
import io.sen2cor.operator.work.Usage;

/**
 * An in-memory {@link JobBackend} for decision tests of the job lifecycle (no AWS, no cluster): each round is one
 * unit of work whose scenes the test moves between states; submission can be split into chunks, refused, or lose
 * its answer; suspend cancels what has not started. Every port call is recorded. Not a model of AWS Batch's API:
 * moto tests the AWS adapter, this tests the decisions above it.
 */
public class InMemoryJobBackend implements JobBackend {

    /** What the backend "runs": per work id, each scene's product and state. */
    public final Map<String, List<Scene>> work = new HashMap<>();
    public final List<String> calls = new CopyOnWriteArrayList<>();
    /** Chunks per round (AWS Batch: one array job per 10,000 scenes). */
    public int chunksPerRound = 1;
    /** The next submit throws this, once (a refusal, or an answer lost after the work was created). */
    public RuntimeException failNextSubmit;
    /** Whether the failed submission still created the work (a lost answer). */
    public boolean failedSubmitCreatesWork;
    public String stuckMessage;
    public String report;
    /** What publish reports the job used; null: nothing known. */
    public Usage usage;
    /** Why On-Demand capacity is unavailable; null: available. */
    public String noOnDemand;
    /** Whether it keeps selections of more than 10,000 ids (AWS Batch does, Kubernetes does not). */
    public boolean keepsSelections = true;

    public static final class Scene {
        public final String product;
        public SceneState state = SceneState.PENDING;
        public String reason;
        public boolean cancelled;
        /** Spot interruptions of its attempts, and whether the last attempt was one. */
        public int interruptions;
        public boolean endedByInterruption;

        Scene(String product) {
            this.product = product;
        }
    }

    @Override
    public BackendType type() {
        return BackendType.AWS_BATCH;
    }


    @Override
    public boolean submitted(SceneRound round) {
        return round.getJobIds().size() == chunksPerRound;
    }

    @Override
    public Submission submit(Sen2CorJob job, BatchEnvironment env, Sen2CorJobStatus status, SceneRound round,
            List<String> products) {
        calls.add("submit " + key(job) + " round " + round.getRound() + " chunk " + round.getJobIds().size()
                + (round.getCapacity() == null ? "" : " " + round.getCapacity()));
        String kept = round.getRound() == 0 ? JobScenes.keptAt(job) : null;
        if (round.getManifestUri() == null && kept != null) {
            round.setManifestUri(kept);
        } else if (round.getManifestUri() == null) {
            round.setManifestUri("memory://" + key(job) + "/r" + round.getRound());
            manifests.put(round.getManifestUri(), List.copyOf(products));
        }
        List<String> all = manifests.get(round.getManifestUri());
        int chunk = round.getJobIds().size();
        String id = key(job) + "/r" + round.getRound() + "/c" + chunk;
        if (failNextSubmit != null) {
            RuntimeException e = failNextSubmit;
            failNextSubmit = null;
            if (failedSubmitCreatesWork) {
                create(id, all, chunk);
            }
            throw e;
        }
        String event = work.containsKey(id) ? null : "submitted " + id;
        create(id, all, chunk);
        round.getJobIds().add(id);
        return new Submission(event, Observation.progressing("submitted " + id, Duration.ofMillis(1)));
    }

    private final Map<String, List<String>> manifests = new HashMap<>();

    @Override
    public Optional<String> keepSelection(Sen2CorJob job, BatchEnvironment env, List<String> products) {
        calls.add("keepSelection " + key(job) + " " + products.size());
        if (!keepsSelections) {
            return Optional.empty();
        }
        String uri = "memory://" + key(job) + "/selection";
        manifests.put(uri, List.copyOf(products));
        return Optional.of(uri);
    }

    private void create(String id, List<String> all, int chunk) {
        if (work.containsKey(id)) {
            return;
        }
        int size = (all.size() + chunksPerRound - 1) / chunksPerRound;
        List<Scene> scenes = new ArrayList<>();
        for (int i = chunk * size; i < Math.min(all.size(), (chunk + 1) * size); i++) {
            scenes.add(new Scene(all.get(i)));
        }
        work.put(id, scenes);
    }

    @Override
    public Optional<Observation> refresh(Sen2CorJob job, BatchEnvironment env, List<SceneRound> rounds, boolean finished) {
        calls.add("refresh " + key(job));
        return Optional.empty();
    }

    @Override
    public RoundCounts observe(Sen2CorJob job, SceneRound round) {
        int[] c = new int[4];
        round.getJobIds().forEach(id -> work.get(id).forEach(s -> c[s.state.ordinal()]++));
        return new RoundCounts(c[0], c[1], c[2], c[3]);
    }

    @Override
    public List<FailedScene> failedScenes(Sen2CorJob job, BatchEnvironment env, SceneRound round) {
        calls.add("failedScenes " + key(job) + " round " + round.getRound());
        List<FailedScene> out = new ArrayList<>();
        round.getJobIds().forEach(id -> work.get(id).stream().filter(s -> s.state == SceneState.FAILED)
                .forEach(s -> out.add(new FailedScene(s.product, s.reason, id, s.cancelled, 1, null))));
        return out;
    }

    @Override
    public List<FailedScene> detail(Sen2CorJob job, BatchEnvironment env, List<FailedScene> failed) {
        calls.add("detail " + key(job) + " " + failed.size());
        return failed.stream().map(f -> work.get(f.workId()).stream().filter(s -> s.product.equals(f.product())).findFirst()
                .map(s -> f.withInterruptions(s.interruptions, s.endedByInterruption)).orElse(f)).toList();
    }

    @Override
    public List<String> products(Sen2CorJob job, BatchEnvironment env, SceneRound round) {
        return manifests.get(round.getManifestUri());
    }

    @Override
    public Optional<String> onDemandUnavailable(BatchEnvironment env) {
        return Optional.ofNullable(noOnDemand);
    }

    @Override
    public Optional<String> notStarting(Sen2CorJob job, BatchEnvironment env, SceneRound round, SceneCounts counts,
            Instant lastProgress) {
        return Optional.ofNullable(stuckMessage);
    }

    @Override
    public Suspension suspend(Sen2CorJob job, BatchEnvironment env, SceneRound round) {
        calls.add("suspend " + key(job));
        round.getJobIds().forEach(id -> work.get(id).stream().filter(s -> s.state == SceneState.PENDING).forEach(s -> {
            s.state = SceneState.FAILED;
            s.cancelled = true;
            s.reason = "cancelled";
        }));
        return new Suspension("cancelled queued scenes", "spec.suspend is true: queued scenes cancelled");
    }

    @Override
    public void release(Sen2CorJob job) {
        calls.add("release " + key(job));
    }

    @Override
    public void publish(Sen2CorJob job, BatchEnvironment env, String json) {
        report = json;
    }

    @Override
    public Optional<Usage> published(Sen2CorJob job, BatchEnvironment env) {
        calls.add("published " + key(job));
        return Optional.ofNullable(usage);
    }

    @Override
    public Duration resync() {
        return Duration.ofMinutes(5);
    }

    @Override
    public Observation cleanup(Sen2CorJob job, BatchEnvironment env, Collection<Sen2CorJob> others) {
        calls.add("cleanup " + key(job));
        return Observation.ready("in-memory backend: stopped");
    }

    /** Moves the scenes of every unit of work: {@code states} in product order over all of the round's work. */
    public void set(SceneRound round, SceneState state, String reason, String... products) {
        List<String> only = List.of(products);
        round.getJobIds().forEach(id -> work.get(id).stream()
                .filter(s -> only.isEmpty() || only.contains(s.product)).forEach(s -> {
                    s.state = state;
                    s.reason = reason;
                }));
    }

    public long count(String prefix) {
        return calls.stream().filter(c -> c.startsWith(prefix)).count();
    }

    private static String key(Sen2CorJob job) {
        return job.getMetadata().getNamespace() + "/" + job.getMetadata().getName();
    }
}
