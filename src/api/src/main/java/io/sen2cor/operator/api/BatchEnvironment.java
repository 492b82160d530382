package io.sen2cor.operator.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * The compute side: AWS Batch compute environments and a job queue (backend {@code awsBatch}), or
 * Kubernetes Jobs in this cluster (backend {@code kubernetes}). Cluster-scoped, shared by the
 * namespaces it allows.
 */
@Group(ApiGroup.GROUP)
@Version(ApiGroup.VERSION)
@Kind("BatchEnvironment")
@Plural("batchenvironments")
@Singular("batchenvironment")
@ShortNames({"benv", "s2env"})
@AdditionalPrinterColumn(name = "Backend", jsonPath = ".status.backend", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Reason", jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason",
        type = AdditionalPrinterColumn.Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class BatchEnvironment extends CustomResource<BatchEnvironmentSpec, BatchEnvironmentStatus> {

}
