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
            + "{namespace} in an entry stands for the job's namespace (s3://eo-l2a/{namespace}/ gives each namespace its "
            + "own prefix). The job role (or the pods' identity) should be allowed to write exactly there. Unset or "
            + "empty: no output is allowed, so every job is refused with OutputNotAllowed until the platform team lists "
            + "where jobs may write. Checked before every round, not only the first.")
    @Size(max = 50)
    @ValidationRule(value = "self.all(p, !p.matches('(^|/)[.][.]?(/|$)'))", message = Patterns.NO_DOT_SEGMENTS_MESSAGE)
    private List<@Pattern(Patterns.S3_URI) @Size(max = 1024) String> allowedOutputs;

    @JsonPropertyDescription("Container image repositories (no tag or digest) that Sen2CorJobs on this environment may "
            + "run as spec.image: registry.example.com/eo/sen2cor-runner allows that repository at any tag or digest, "
            + "registry.example.com/eo/* every repository below eo/. The match is on the text as jobs write it (no "
            + "registry defaults are filled in). Unset: only the operator's configured runner image's repository. A job "
            + "that names another image is refused with ImageNotAllowed; the image runs with the environment's job role "
            + "or ServiceAccount, so this list is who may act with that identity.")
    @Size(max = 50)
    private List<@Pattern(Patterns.IMAGE_REPOSITORY_PATTERN) @Size(max = 256) String> allowedImages;

    @JsonPropertyDescription("S3 endpoints (scheme://host[:port]) that Sen2CorJobs may name as source.endpoint or "
            + "output.endpoint. Unset: none, jobs read and write AWS S3 only. The runner signs its requests to these "
            + "endpoints with the job role or the referenced credentials, so list only stores you trust, e.g. "
            + "https://eodata.dataspace.copernicus.eu.")
    @Size(max = 20)
    private List<@Pattern(Patterns.ENDPOINT_ORIGIN) @Size(max = 256) String> allowedEndpoints;

    @JsonPropertyDescription("STAC API roots (https://host[/path]) that spec.scenes.catalog of jobs on this environment "
            + "may name, narrowing the operator's own list (its configuration sen2cor.stac.allowed-catalogs, by "
            + "default the public catalogues). Unset: the operator's list.")
    @Size(max = 20)
    private List<@Pattern("^https?://[^\\s/@?#]+(/[^\\s@?#]*)?$") @Size(max = 512) String> allowedCatalogs;

    public List<String> getAllowedImages() {
        return allowedImages;
    }

    public void setAllowedImages(List<String> allowedImages) {
        this.allowedImages = allowedImages;
    }

    public List<String> getAllowedEndpoints() {
        return allowedEndpoints;
    }

    public void setAllowedEndpoints(List<String> allowedEndpoints) {
        this.allowedEndpoints = allowedEndpoints;
    }

    public List<String> getAllowedCatalogs() {
        return allowedCatalogs;
    }

    public void setAllowedCatalogs(List<String> allowedCatalogs) {
        this.allowedCatalogs = allowedCatalogs;
    }

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
