package io.sen2cor.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

public class OutputSpec {

    @JsonPropertyDescription("S3 prefix for the results: <uri>/<L2A product>/ holds the product, "
            + "<uri>/<L1C id>/result.json the per-scene record. Must be under one of the environment's allowedOutputs.")
    @Required
    @Size(max = 1024)
    @Pattern(Patterns.S3_URI)
    @ValidationRule(value = Patterns.NO_DOT_SEGMENTS, message = Patterns.NO_DOT_SEGMENTS_MESSAGE)
    private String uri;

    @JsonPropertyDescription("S3 endpoint (scheme://host[:port]) for non-AWS stores; it must be one of the "
            + "environment's allowedEndpoints. Unset: AWS S3 in the environment's region.")
    @Pattern(Patterns.ENDPOINT_ORIGIN)
    @Size(max = 512)
    private String endpoint;

    @JsonPropertyDescription("Kubernetes backend: Secret in the job's namespace with AWS_ACCESS_KEY_ID and "
            + "AWS_SECRET_ACCESS_KEY for the output store. Unset: the pods' ServiceAccount identity (IRSA, EKS Pod "
            + "Identity). Only Secrets labelled sen2cor.io/job-credentials=true by the namespace's owners may be named. Not "
            + "on AWS Batch, where the environment's job role is used.")
    @Pattern(Patterns.DNS_SUBDOMAIN)
    @Size(max = 253)
    private String credentialsSecretRef;

    @JsonPropertyDescription("Which existing products a run keeps instead of processing the scene again (the runner's "
            + "own skip and scenes.skipExisting): SameSettings (default) keeps a product whose result record says "
            + "SUCCEEDED and was made with the same Sen2Cor version and settings (resolution, processing baseline, DEM), "
            + "so a rerun after a Sen2Cor release or a settings change processes again; Any keeps every SUCCEEDED product. "
            + "Records written before the settings were recorded count as the same.")
    @Default("SameSettings")
    private KeepExisting keepExisting = KeepExisting.SameSettings;

    public KeepExisting getKeepExisting() {
        return keepExisting;
    }

    public void setKeepExisting(KeepExisting keepExisting) {
        this.keepExisting = keepExisting;
    }

    public String getCredentialsSecretRef() {
        return credentialsSecretRef;
    }

    public void setCredentialsSecretRef(String credentialsSecretRef) {
        this.credentialsSecretRef = credentialsSecretRef;
    }

    public String getUri() {
        return uri;
    }

    public void setUri(String uri) {
        this.uri = uri;
    }

    public String getEndpoint() {
        return endpoint;
    }

    public void setEndpoint(String endpoint) {
        this.endpoint = endpoint;
    }
}
