package io.sen2cor.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

@ValidationRule(value = "self.type == 'awsL1C' || has(self.bucket)", message = "s3Safe and s3Zip sources need bucket")
public class SourceSpec {

    @JsonPropertyDescription("awsL1C: the requester-pays sentinel-s2-l1c bucket (the runner rebuilds a .SAFE from its "
            + "products/ and tiles/ prefixes). s3Safe: .SAFE directory trees in any S3-compatible store (e.g. the "
            + "Copernicus Data Space eodata bucket). s3Zip: zipped .SAFE products.")
    @Default("awsL1C")
    private SourceType type = SourceType.awsL1C;

    @JsonPropertyDescription("Bucket to read from. Default for awsL1C: sentinel-s2-l1c.")
    @Pattern("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
    private String bucket;

    @JsonPropertyDescription("Key prefix in front of the product paths, e.g. Sentinel-2/MSI/L1C/ for eodata.")
    @Size(max = 512)
    @Pattern("^[^\\s\\\\]*$")
    @ValidationRule(value = Patterns.NO_DOT_SEGMENTS, message = Patterns.NO_DOT_SEGMENTS_MESSAGE)
    private String prefix;

    @JsonPropertyDescription("S3 endpoint (scheme://host[:port]) for non-AWS stores, e.g. "
            + "https://eodata.dataspace.copernicus.eu; it must be one of the environment's allowedEndpoints.")
    @Pattern(Patterns.ENDPOINT_ORIGIN)
    @Size(max = 512)
    private String endpoint;

    @JsonPropertyDescription("Region of the source bucket. Default for awsL1C: eu-central-1.")
    @Pattern(Patterns.AWS_REGION)
    private String region;

    @JsonPropertyDescription("Send the requester-pays header (you pay the transfer). Default true for awsL1C.")
    private Boolean requesterPays;

    @JsonPropertyDescription("Secret in the job's namespace with AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY for the "
            + "source store. Unset: the job role / pod identity. Only Secrets labelled sen2cor.io/job-credentials=true by "
            + "the namespace's owners may be named; Kubernetes backend only.")
    @Pattern(Patterns.DNS_SUBDOMAIN)
    @Size(max = 253)
    private String credentialsSecretRef;

    @JsonPropertyDescription("Parallel downloads per scene; lower it for stores with per-user concurrency limits.")
    @Min(1)
    @Max(64)
    @Default("8")
    private Integer parallelism = 8;

    public SourceType getType() {
        return type;
    }

    public void setType(SourceType type) {
        this.type = type;
    }

    public String getBucket() {
        return bucket;
    }

    public void setBucket(String bucket) {
        this.bucket = bucket;
    }

    public String getPrefix() {
        return prefix;
    }

    public void setPrefix(String prefix) {
        this.prefix = prefix;
    }

    public String getEndpoint() {
        return endpoint;
    }

    public void setEndpoint(String endpoint) {
        this.endpoint = endpoint;
    }

    public String getRegion() {
        return region;
    }

    public void setRegion(String region) {
        this.region = region;
    }

    public Boolean getRequesterPays() {
        return requesterPays;
    }

    public void setRequesterPays(Boolean requesterPays) {
        this.requesterPays = requesterPays;
    }

    public String getCredentialsSecretRef() {
        return credentialsSecretRef;
    }

    public void setCredentialsSecretRef(String credentialsSecretRef) {
        this.credentialsSecretRef = credentialsSecretRef;
    }

    public Integer getParallelism() {
        return parallelism;
    }

    public void setParallelism(Integer parallelism) {
        this.parallelism = parallelism;
    }
}
