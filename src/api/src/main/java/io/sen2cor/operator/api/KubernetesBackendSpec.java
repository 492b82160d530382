package io.sen2cor.operator.api;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Toleration;

public class KubernetesBackendSpec {

    @JsonPropertyDescription("Node labels the job pods must match, e.g. karpenter.sh/capacity-type: spot.")
    @Size(max = 20)
    private Map<String, String> nodeSelector;

    @JsonPropertyDescription("Tolerations of the job pods, e.g. for a tainted Spot node pool.")
    @Size(max = 20)
    private List<Toleration> tolerations;

    @JsonPropertyDescription("Affinity of the job pods (node affinity for instance families or zones).")
    private Affinity affinity;

    @JsonPropertyDescription("Most scene pods running at once across all Sen2CorJobs on this environment.")
    @Min(1)
    @Max(10000)
    @Default("50")
    private Integer maxParallelism = 50;

    @JsonPropertyDescription("Kueue LocalQueue name (at most 63 characters: it becomes a label value). When set, Jobs "
            + "are created suspended with the kueue.x-k8s.io/queue-name label and Kueue admits them; the operator then "
            + "never changes their parallelism.")
    @Pattern(Patterns.DNS_SUBDOMAIN)
    @Size(max = 63)
    private String kueueQueueName;

    @JsonPropertyDescription("ServiceAccount of the job pods in the Sen2CorJob's namespace; with IRSA or EKS Pod "
            + "Identity it carries the S3 permissions.")
    @Pattern(Patterns.DNS_SUBDOMAIN)
    @Size(max = 253)
    private String serviceAccountName;

    @JsonPropertyDescription("Mount the ServiceAccount's API token into the scene and task pods. Default false: the "
            + "runner never calls the Kubernetes API, and IRSA and EKS Pod Identity project their own tokens, so a "
            + "token would only let an image act on the cluster as the ServiceAccount.")
    @Default("false")
    private Boolean automountServiceAccountToken = Boolean.FALSE;

    @JsonPropertyDescription("PersistentVolumeClaim (in the Sen2CorJob's namespace) with Sen2Cor aux data and the DEM, "
            + "mounted read-only.")
    @Pattern(Patterns.DNS_SUBDOMAIN)
    @Size(max = 253)
    private String auxDataClaimName;

    @JsonPropertyDescription("PriorityClass of the job pods.")
    @Pattern(Patterns.DNS_SUBDOMAIN)
    @Size(max = 253)
    private String priorityClassName;

    @JsonPropertyDescription("Node labels for rounds that run Spot-interrupted scenes on On-Demand capacity "
            + "(Sen2CorJob spec.retry.onDemandAfterSpotInterruptions), e.g. karpenter.sh/capacity-type: on-demand. "
            + "Replaces the same keys of nodeSelector in those rounds.")
    private Map<String, String> onDemandNodeSelector;

    @JsonPropertyDescription("Seconds a finished scene Job and its pods are kept before Kubernetes deletes them "
            + "(the Job's ttlSecondsAfterFinished). Each round's outcome is recorded in the Sen2CorJob's status when its Job "
            + "ends, so a retry after the Jobs are gone still runs the failed scenes.")
    @Min(0)
    @Max(2592000)
    @Default("86400")
    private Integer jobTtlSecondsAfterFinished = 86_400;

    @JsonPropertyDescription("Size of each scene pod's work volume (an emptyDir holding the L1C input and the L2A "
            + "output; about 4 GiB per scene is typical). Requested as ephemeral-storage, with 1Gi for /tmp, so the "
            + "scheduler, Karpenter and Kueue place scenes only where the disk holds them.")
    @Pattern("^[0-9]+(Mi|Gi|Ti)$")
    @Default("20Gi")
    private String workVolumeSize = "20Gi";

    @JsonPropertyDescription("How often one scene may be interrupted (Spot reclaim, eviction, preemption, node "
            + "shutdown) before it fails; interruptions otherwise do not count as attempts. Bounds the scenes a "
            + "node's disk pressure or a drain would evict again and again.")
    @Min(1)
    @Max(100)
    @Default("10")
    private Integer maxInterruptions = 10;

    public Integer getJobTtlSecondsAfterFinished() {
        return jobTtlSecondsAfterFinished;
    }

    public void setJobTtlSecondsAfterFinished(Integer jobTtlSecondsAfterFinished) {
        this.jobTtlSecondsAfterFinished = jobTtlSecondsAfterFinished;
    }

    public String getWorkVolumeSize() {
        return workVolumeSize;
    }

    public void setWorkVolumeSize(String workVolumeSize) {
        this.workVolumeSize = workVolumeSize;
    }

    public Integer getMaxInterruptions() {
        return maxInterruptions;
    }

    public void setMaxInterruptions(Integer maxInterruptions) {
        this.maxInterruptions = maxInterruptions;
    }

    public Map<String, String> getNodeSelector() {
        return nodeSelector;
    }

    public void setNodeSelector(Map<String, String> nodeSelector) {
        this.nodeSelector = nodeSelector;
    }

    public List<Toleration> getTolerations() {
        return tolerations;
    }

    public void setTolerations(List<Toleration> tolerations) {
        this.tolerations = tolerations;
    }

    public Affinity getAffinity() {
        return affinity;
    }

    public void setAffinity(Affinity affinity) {
        this.affinity = affinity;
    }

    public Integer getMaxParallelism() {
        return maxParallelism;
    }

    public void setMaxParallelism(Integer maxParallelism) {
        this.maxParallelism = maxParallelism;
    }

    public String getKueueQueueName() {
        return kueueQueueName;
    }

    public void setKueueQueueName(String kueueQueueName) {
        this.kueueQueueName = kueueQueueName;
    }

    public String getServiceAccountName() {
        return serviceAccountName;
    }

    public void setServiceAccountName(String serviceAccountName) {
        this.serviceAccountName = serviceAccountName;
    }

    public Boolean getAutomountServiceAccountToken() {
        return automountServiceAccountToken;
    }

    public void setAutomountServiceAccountToken(Boolean automountServiceAccountToken) {
        this.automountServiceAccountToken = automountServiceAccountToken;
    }

    public String getAuxDataClaimName() {
        return auxDataClaimName;
    }

    public void setAuxDataClaimName(String auxDataClaimName) {
        this.auxDataClaimName = auxDataClaimName;
    }

    public String getPriorityClassName() {
        return priorityClassName;
    }

    public void setPriorityClassName(String priorityClassName) {
        this.priorityClassName = priorityClassName;
    }

    public Map<String, String> getOnDemandNodeSelector() {
        return onDemandNodeSelector;
    }

    public void setOnDemandNodeSelector(Map<String, String> onDemandNodeSelector) {
        this.onDemandNodeSelector = onDemandNodeSelector;
    }
}
