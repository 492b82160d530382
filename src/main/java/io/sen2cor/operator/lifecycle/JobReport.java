package io.sen2cor.operator.lifecycle;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sen2cor.operator.api.Sen2CorJob;
import io.sen2cor.operator.api.Sen2CorJobStatus;
import io.sen2cor.operator.backend.FailedScene;
import io.sen2cor.operator.backend.SceneLog;

/**
 * The complete per-scene record of a finished Sen2CorJob ({@code report.json} next to its outputs): status keeps
 * only a bounded failure list, this keeps every failed scene.
 */
public record JobReport(String sen2corJob, String phase, int total, int succeeded, List<Failure> failed) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A failed scene with where its failed attempt logged (fields of the other backend left out). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Failure(String product, String reason, String jobId, Integer attempts, String logGroup,
            String logStream, String logUrl, String pod, String logCommand) {

        static Failure of(FailedScene f) {
            SceneLog log = f.log() == null ? new SceneLog(null, null, null, null, null) : f.log();
            return new Failure(f.product(), f.reason(), f.workId(), f.attempts(), log.group(), log.stream(), log.url(),
                    log.pod(), log.command());
        }
    }

    /** @param failed every failed scene, with the detail the backend could give ({@code JobBackend.detail}) */
    public static JobReport of(Sen2CorJob job, Sen2CorJobStatus status, List<FailedScene> failed) {
        return new JobReport(job.getMetadata().getNamespace() + "/" + job.getMetadata().getName(),
                String.valueOf(status.getPhase()), status.getScenes().getTotal(), status.getScenes().getSucceeded(),
                failed.stream().map(Failure::of).toList());
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the job report", e);
        }
    }
}
