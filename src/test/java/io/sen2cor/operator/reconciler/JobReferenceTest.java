package io.sen2cor.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.sen2cor.operator.api.Sen2CorJob;
import io.sen2cor.operator.api.Sen2CorJobStatus;
import io.sen2cor.operator.testing.LocalOperator;

/** What a BatchEnvironment caches of the Sen2CorJobs that use it. */
class JobReferenceTest {

    @Test
    void keepsWhoTheJobIsAndItsEnvironmentAndDropsTheRest() {
        Sen2CorJob job = LocalOperator.example("sen2corjob-kenya.yaml", Sen2CorJob.class);
        job.getMetadata().setUid("7d9c1a2e-0000-4000-8000-000000000001");
        job.getMetadata().setResourceVersion("42");
        job.getMetadata().setDeletionTimestamp("2026-11-25T22:00:00Z");
        job.getMetadata().setAnnotations(Map.of("kubectl.kubernetes.io/last-applied-configuration", "x".repeat(600_000)));
        job.setStatus(new Sen2CorJobStatus());

        Sen2CorJob slim = BatchEnvironmentReconciler.reference(job);

        assertThat(slim.getMetadata().getName()).isEqualTo("kenya-jan-2019");
        assertThat(slim.getMetadata().getNamespace()).isEqualTo("default");
        assertThat(slim.getMetadata().getUid()).isEqualTo(job.getMetadata().getUid());
        assertThat(slim.getMetadata().getResourceVersion()).isEqualTo("42");
        assertThat(slim.getMetadata().getDeletionTimestamp()).isEqualTo("2026-11-25T22:00:00Z");
        assertThat(slim.getSpec().getEnvironmentRef()).isEqualTo("s2-spot");
        assertThat(slim.getSpec().getProducts()).isNullOrEmpty();
        assertThat(slim.getMetadata().getAnnotations()).isNullOrEmpty();
        assertThat(slim.getStatus()).isNull();
        assertThat(job.getSpec().getProducts()).as("the informer's object is not changed").hasSize(1);
    }
}
