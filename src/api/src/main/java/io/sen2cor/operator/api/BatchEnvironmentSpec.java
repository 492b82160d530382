package io.sen2cor.operator.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.LabelSelector;

@ValidationRule(value = "has(self.awsBatch) != has(self.kubernetes)",
        message = "exactly one of awsBatch or kubernetes must be set")
@ValidationRule(value = "has(self.awsBatch) == has(oldSelf.awsBatch)",
        message = "the backend cannot change after creation; create a new BatchEnvironment instead")
public class BatchEnvironmentSpec {

    @JsonPropertyDescription("Run on AWS Batch: the operator creates and keeps the compute environments and the job queue. "
            + "Exactly one of awsBatch or kubernetes is set.")
    private AwsBatchSpec awsBatch;

    @JsonPropertyDescription("Run as Kubernetes Indexed Jobs in this cluster instead of AWS Batch. "
            + "Exactly one of awsBatch or kubernetes is set.")
    private KubernetesBackendSpec kubernetes;

    @JsonPropertyDescription("Namespaces whose Sen2CorJobs may use this environment, selected by namespace labels. "
            + "Unset: every namespace. An empty selector ({}) also matches every namespace.")
    private LabelSelector allowedNamespaces;

    @JsonPropertyDescription("S3 URI prefixes (s3://bucket/prefix/) that Sen2CorJobs on this environment may write to; "
            + "the job role should be allowed to write exactly there. Unset: any output URI is accepted.")
    @Size(max = 50)
    private List<@Pattern(Patterns.S3_URI) String> allowedOutputs;

    public AwsBatchSpec getAwsBatch() {
        return awsBatch;
    }

    public void setAwsBatch(AwsBatchSpec awsBatch) {
        this.awsBatch = awsBatch;
    }

    public KubernetesBackendSpec getKubernetes() {
        return kubernetes;
    }

    public void setKubernetes(KubernetesBackendSpec kubernetes) {
        this.kubernetes = kubernetes;
    }

    public LabelSelector getAllowedNamespaces() {
        return allowedNamespaces;
    }

    public void setAllowedNamespaces(LabelSelector allowedNamespaces) {
        this.allowedNamespaces = allowedNamespaces;
    }

    public List<String> getAllowedOutputs() {
        return allowedOutputs;
    }

    public void setAllowedOutputs(List<String> allowedOutputs) {
        this.allowedOutputs = allowedOutputs;
    }
}
