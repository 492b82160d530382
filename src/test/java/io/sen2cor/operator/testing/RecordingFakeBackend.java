package io.sen2cor.operator.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.sen2cor.operator.api.BatchEnvironment;
import io.sen2cor.operator.api.BatchEnvironmentStatus;
import io.sen2cor.operator.api.JobPhase;
import io.sen2cor.operator.api.Sen2CorJob;
import io.sen2cor.operator.api.Sen2CorJobStatus;
import io.sen2cor.operator.backend.BackendType;
import io.sen2cor.operator.backend.EnvironmentBackend;
import io.sen2cor.operator.backend.JobBackend;
import io.sen2cor.operator.backend.Observation;

/**
 * Test double for a backend (no AWS, no cluster Jobs): reports environments Ready at once, marks jobs
 * Running, and records every call so tests can assert what reached the backend and what did not.
 */
public class RecordingFakeBackend implements EnvironmentBackend, JobBackend {

    public final List<String> calls = new CopyOnWriteArrayList<>();

    @Override
    public BackendType type() {
        return BackendType.AWS_BATCH;
    }

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
    public Observation reconcile(Sen2CorJob job, BatchEnvironment env, Sen2CorJobStatus status) {
        calls.add("reconcile Sen2CorJob/" + job.getMetadata().getNamespace() + "/" + job.getMetadata().getName());
        status.setPhase(JobPhase.Running);
        return Observation.ready("fake backend: submitted");
    }

    @Override
    public Observation cleanup(Sen2CorJob job, BatchEnvironment env, java.util.Collection<Sen2CorJob> others) {
        calls.add("cleanup Sen2CorJob/" + job.getMetadata().getNamespace() + "/" + job.getMetadata().getName());
        return Observation.ready("fake backend: stopped");
    }

    public long count(String prefix) {
        return calls.stream().filter(c -> c.startsWith(prefix)).count();
    }
}
