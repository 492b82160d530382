package io.sen2cor.operator.testing;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import io.sen2cor.operator.api.BatchEnvironment;
import io.sen2cor.operator.api.BatchEnvironmentStatus;
import io.sen2cor.operator.api.SceneRound;
import io.sen2cor.operator.api.Sen2CorJob;
import io.sen2cor.operator.api.Sen2CorJobStatus;
import io.sen2cor.operator.backend.EnvironmentBackend;
import io.sen2cor.operator.backend.Observation;
import io.sen2cor.operator.backend.Submission;

/**
 * Test double for a backend in reconciler tests (no AWS, no cluster Jobs): reports environments Ready at once, runs
 * jobs on the {@link InMemoryJobBackend}, and records which resources reached the backend
 * ({@code reconcile Sen2CorJob/<ns>/<name>} for every reconcile that got past admission).
 */
public class RecordingFakeBackend extends InMemoryJobBackend implements EnvironmentBackend {

    @Override
    public Observation reconcile(BatchEnvironment env, BatchEnvironmentStatus status) {
        calls.add("reconcile BatchEnvironment/" + env.getMetadata().getName());
        return Observation.ready("fake backend: environment ready");
    }

    @Override
    public Observation cleanup(BatchEnvironment env) {
        calls.add("cleanup BatchEnvironment/" + env.getMetadata().getName());
        return Observation.ready("fake backend: nothing left");
    }

    @Override
    public Submission submit(Sen2CorJob job, BatchEnvironment env, Sen2CorJobStatus status, SceneRound round,
            List<String> products) {
        calls.add(reconcileCall(job));
        return super.submit(job, env, status, round, products);
    }

    @Override
    public Optional<Observation> refresh(Sen2CorJob job, BatchEnvironment env, List<SceneRound> rounds, boolean finished) {
        calls.add(reconcileCall(job));
        return super.refresh(job, env, rounds, finished);
    }

    @Override
    public Observation cleanup(Sen2CorJob job, BatchEnvironment env, Collection<Sen2CorJob> others) {
        calls.add("cleanup Sen2CorJob/" + job.getMetadata().getNamespace() + "/" + job.getMetadata().getName());
        return Observation.ready("fake backend: stopped");
    }

    private static String reconcileCall(Sen2CorJob job) {
        return "reconcile Sen2CorJob/" + job.getMetadata().getNamespace() + "/" + job.getMetadata().getName();
    }
}
