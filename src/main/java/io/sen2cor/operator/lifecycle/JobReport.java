package io.sen2cor.operator.lifecycle;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sen2cor.operator.api.Sen2CorJob;
import io.sen2cor.operator.api.Sen2CorJobStatus;
import io.sen2cor.operator.backend.FailedScene;

/**
 * The complete per-scene record of a finished Sen2CorJob ({@code report.json} next to its outputs): status keeps
 * only a bounded failure list, this keeps every failed scene.
 */
public record JobReport(String sen2corJob, String phase, int total, int succeeded, List<Failure> failed) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public record Failure(String product, String reason, String jobId) {
    }

    public static JobReport of(Sen2CorJob job, Sen2CorJobStatus status, List<FailedScene> failed) {
        return new JobReport(job.getMetadata().getNamespace() + "/" + job.getMetadata().getName(),
                String.valueOf(status.getPhase()), status.getScenes().getTotal(), status.getScenes().getSucceeded(),
                failed.stream().map(f -> new Failure(f.product(), f.reason(), f.workId())).toList());
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the job report", e);
        }
    }
}
