package io.sen2cor.operator.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

/** Why Kueue holds a Job, read from Workloads shaped as Kueue 0.17 writes them. */
class KueueAdmissionTest {

    static GenericKubernetesResource workload(Boolean active, Map<String, Object>... conditions) {
        GenericKubernetesResource w = new GenericKubernetesResource();
        w.setMetadata(new ObjectMetaBuilder().withName("job-eo-r0-3f2a1").build());
        w.setAdditionalProperty("spec", active == null ? Map.of() : Map.of("active", active));
        w.setAdditionalProperty("status", Map.of("conditions", List.of(conditions)));
        return w;
    }

    @Test
    void aWorkloadWithoutQuotaIsQuotedAsKueueWroteIt() {
        var pending = workload(true, Map.of("type", "QuotaReserved", "status", "False", "reason", "Pending",
                "message", "couldn't assign flavors to pod set main: insufficient quota for cpu in flavor default-flavor, "
                        + "previously considered podsets requests (0) + current podset request (16) > maximum capacity (8)"));
        assertThat(KueueAdmission.whyNotAdmitted(Optional.of(pending), "eo-queue")).hasValue("Kueue has not admitted its "
                + "Workload job-eo-r0-3f2a1 in LocalQueue eo-queue: Pending: couldn't assign flavors to pod set main: "
                + "insufficient quota for cpu in flavor default-flavor, previously considered podsets requests (0) + current "
                + "podset request (16) > maximum capacity (8)");
    }

    @Test
    void anAdmittedWorkloadIsNotReportedAndAnEvictedOneIsAndAMissingOneSaysWhereToLook() {
        var admitted = workload(true, Map.of("type", "QuotaReserved", "status", "True"), Map.of("type", "Admitted", "status", "True"));
        assertThat(KueueAdmission.whyNotAdmitted(Optional.of(admitted), "q")).isEmpty();
        var evicted = workload(true, Map.of("type", "QuotaReserved", "status", "False", "reason", "Pending", "message", "m"),
                Map.of("type", "Evicted", "status", "True", "reason", "Preempted", "message", "Preempted to accommodate a workload"));
        assertThat(KueueAdmission.whyNotAdmitted(Optional.of(evicted), "q")).get().asString()
                .endsWith("Preempted: Preempted to accommodate a workload");
        assertThat(KueueAdmission.whyNotAdmitted(Optional.of(workload(false)), "q")).get().asString()
                .contains("deactivated (spec.active: false)");
        assertThat(KueueAdmission.whyNotAdmitted(Optional.empty(), "q")).get().asString()
                .contains("Kueue made no Workload", "integrations.frameworks");
        assertThat(KueueAdmission.whyNotAdmitted(Optional.of(workload(true)), "q")).get().asString()
                .contains("has not looked at");
    }
}
