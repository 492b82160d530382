package io.sen2cor.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.sen2cor.operator.api.BatchEnvironment;
import io.sen2cor.operator.api.BatchEnvironmentStatus;
import io.sen2cor.operator.backend.Observation;
import io.sen2cor.operator.status.ConditionReason;
import io.sen2cor.operator.testing.LocalOperator;
import io.sen2cor.operator.testing.RecordingEvents;

/** The names AWS Batch can take, checked before the AWS backend makes any call. */
class BatchNamesTest {

    static BatchEnvironment named(String name) {
        BatchEnvironment env = LocalOperator.example("batchenvironment-spot.yaml", BatchEnvironment.class);
        env.getMetadata().setName(name);
        return env;
    }

    @Test
    void namesFollowTheEnvironment() {
        BatchEnvironment env = named("s2-spot");
        assertThat(BatchNames.jobQueue(env)).isEqualTo("s2-spot");
        assertThat(BatchNames.computeEnvironment(env, env.getSpec().getAwsBatch().getComputeEnvironments().get(0)))
                .isEqualTo("s2-spot-spot");
        assertThat(BatchNames.problem(env)).isEmpty();
    }

    @Test
    void aDottedOrTooLongNameIsInvalidSpecBeforeAnyAwsCall() {
        assertThat(BatchNames.problem(named("eo.spot"))).get().asString().contains("use a name without dots");
        assertThat(BatchNames.problem(named("x".repeat(120)))).get().asString().contains("is longer than 124 characters");

        // a pool that no AWS client can be built from: the check must come first
        var backend = new AwsBatchEnvironmentBackend(null, new RecordingEvents(), AwsBatchTiming.DEFAULT);
        BatchEnvironment env = named("eo.spot");
        Observation o = backend.reconcile(env, new BatchEnvironmentStatus());
        assertThat(o.state()).isEqualTo(Observation.State.DEGRADED);
        assertThat(o.reason()).isEqualTo(ConditionReason.InvalidSpec);
        assertThat(o.reason().isTerminal()).isTrue();
    }
}
