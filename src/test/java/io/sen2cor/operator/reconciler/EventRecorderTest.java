package io.sen2cor.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.sen2cor.operator.api.Sen2CorJob;
import io.sen2cor.operator.status.ConditionReason;
import io.sen2cor.operator.status.EventReason;
import io.sen2cor.operator.testing.LocalOperator;

/** Events against the Fabric8 mock API server (CRUD mode): the same Event again is counted, not added. */
@EnableKubernetesMockClient(crud = true)
class EventRecorderTest {

    KubernetesClient client;

    @Test
    void theSameEventAgainRaisesItsCountAndANewMessageIsANewEvent() {
        Sen2CorJob job = LocalOperator.example("sen2corjob-kenya.yaml", Sen2CorJob.class);
        job.getMetadata().setNamespace("eo");
        job.getMetadata().setUid(UUID.randomUUID().toString());
        var recorder = new EventRecorder(client);

        recorder.record(job, ConditionReason.ScenesNotStarting, "4 scene(s) have not started for more than 30 min");
        recorder.record(job, ConditionReason.ScenesNotStarting, "4 scene(s) have not started for more than 30 min");
        recorder.record(job, EventReason.JobSubmitted, "submitted job s2c-eo-kenya");

        // written in the background, in order
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> client.v1().events().inNamespace("eo")
                .list().getItems().stream().anyMatch(e -> "JobSubmitted".equals(e.getReason())));
        var events = client.v1().events().inNamespace("eo").list().getItems();
        assertThat(events).hasSize(2);
        assertThat(events).filteredOn(e -> "ScenesNotStarting".equals(e.getReason())).singleElement().satisfies(e -> {
            assertThat(e.getCount()).isEqualTo(2);
            assertThat(e.getType()).isEqualTo("Warning");
            assertThat(e.getInvolvedObject().getUid()).isEqualTo(job.getMetadata().getUid());
        });
        assertThat(events).filteredOn(e -> "JobSubmitted".equals(e.getReason())).singleElement()
                .satisfies(e -> assertThat(e.getType()).isEqualTo("Normal"));
    }
}
