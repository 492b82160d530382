package io.sen2cor.operator.lifecycle;

import java.util.List;

import io.sen2cor.operator.api.SceneCounts;
import io.sen2cor.operator.backend.FailedScene;
import io.sen2cor.operator.backend.Observation;

/**
 * What the observe step saw of a job whose last round is out: the backend's own problem with its view (then nothing
 * else was looked at), the counts over all rounds, and the failed scenes when they were worth fetching. The decide
 * step reads only this, the spec and the status.
 *
 * @param problem what the backend's refresh reported (a vanished queue, a forgotten job it could not resolve); null when fine
 * @param failed every failed scene of the job, fetched when the failed count changed or the round ended; empty otherwise
 * @param described whether {@code failed} carries the backend's detail (attempts, Spot interruptions, logs)
 */
record JobSnapshot(Observation problem, SceneCounts counts, List<FailedScene> failed, boolean described) {

    static JobSnapshot problem(Observation problem) {
        return new JobSnapshot(problem, null, List.of(), false);
    }

    JobSnapshot withDescribed(List<FailedScene> detailed) {
        return new JobSnapshot(problem, counts, detailed, true);
    }

    List<FailedScene> cancelled() {
        return failed.stream().filter(FailedScene::cancelled).toList();
    }
}
