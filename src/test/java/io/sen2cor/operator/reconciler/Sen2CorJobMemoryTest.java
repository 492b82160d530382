package io.sen2cor.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.sen2cor.operator.api.Sen2CorJob;
import io.sen2cor.operator.testing.LocalOperator;

/** What keeps the operator's copies of 1000 Sen2CorJobs small (docs/operations.md, "Footprint"). */
class Sen2CorJobMemoryTest {

    @Test
    void twoCopiesOfAJobShareEachProductIdString() {
        Sen2CorJob job = LocalOperator.example("sen2corjob-kenya.yaml", Sen2CorJob.class);
        String json = Serialization.asJson(job);

        Sen2CorJob cached = Serialization.unmarshal(json, Sen2CorJob.class);
        Sen2CorJob patched = Serialization.unmarshal(json, Sen2CorJob.class);

        assertThat(cached.getSpec().getProducts()).isEqualTo(job.getSpec().getProducts()).isNotEmpty();
        for (int i = 0; i < cached.getSpec().getProducts().size(); i++) {
            assertThat(patched.getSpec().getProducts().get(i)).isSameAs(cached.getSpec().getProducts().get(i));
        }
    }

    @Test
    void theInformersCacheKeepsNoManagedFields() {
        Sen2CorJob job = LocalOperator.example("sen2corjob-kenya.yaml", Sen2CorJob.class);
        job.getMetadata().setNamespace("default");
        job.getMetadata().setManagedFields(List.of(new ManagedFieldsEntryBuilder().withManager("kubectl").withOperation("Apply")
                .withNewFieldsV1().addToAdditionalProperties("f:spec", java.util.Map.of("f:products", java.util.Map.of())).endFieldsV1()
                .build()));
        Sen2CorJobStore store = new Sen2CorJobStore();

        store.put(store.getKey(job), job);

        Sen2CorJob cached = store.get(store.getKey(job));
        assertThat(cached.getMetadata().getManagedFields()).isNull();
        assertThat(cached.getSpec().getProducts()).isEqualTo(job.getSpec().getProducts());
        assertThat(Sen2CorJobReconciler.class.getAnnotation(ControllerConfiguration.class).informer())
                .extracting(Informer::itemStore).isEqualTo(Sen2CorJobStore.class);
    }
}
