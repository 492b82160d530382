package io.sen2cor.operator.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

public class BatchJobsStatus {

    @JsonPropertyDescription("ARN of the job definition revision the jobs use.")
    private String jobDefinitionArn;

    @JsonPropertyDescription("AWS Batch job ids: one array job per 10000 scenes, or one plain job for a single scene.")
    private List<String> arrayJobIds;

    @JsonPropertyDescription("S3 URI of the scene manifest the jobs read their product id from.")
    private String manifestUri;

    public String getJobDefinitionArn() {
        return jobDefinitionArn;
    }

    public void setJobDefinitionArn(String jobDefinitionArn) {
        this.jobDefinitionArn = jobDefinitionArn;
    }

    public List<String> getArrayJobIds() {
        return arrayJobIds;
    }

    public void setArrayJobIds(List<String> arrayJobIds) {
        this.arrayJobIds = arrayJobIds;
    }

    public String getManifestUri() {
        return manifestUri;
    }

    public void setManifestUri(String manifestUri) {
        this.manifestUri = manifestUri;
    }
}
