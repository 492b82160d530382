package io.sen2cor.operator.lifecycle;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.sen2cor.operator.api.BatchEnvironment;
import io.sen2cor.operator.api.SceneCounts;
import io.sen2cor.operator.api.SceneFailure;
import io.sen2cor.operator.api.SceneRound;
import io.sen2cor.operator.api.Sen2CorJob;
import io.sen2cor.operator.api.Sen2CorJobStatus;
import io.sen2cor.operator.backend.FailedScene;
import io.sen2cor.operator.backend.JobObserver;
import io.sen2cor.operator.backend.Observation;
import io.sen2cor.operator.work.JobScenes;

/**
 * The observe step of the lifecycle: once per reconcile of a job whose last round is out, the backend's view brought
 * up to date, the counts rolled up over rounds, and the failed scenes fetched when they are worth a call. It writes
 * what it saw to the status (counts, progress, the first failures) and hands the rest to the decide step as a
 * {@link JobSnapshot}. Only the backend's {@link JobObserver} port is used here.
 */
final class JobObservations {

    private final JobObserver observer;
    private final Sen2CorJob job;
    private final BatchEnvironment env;
    private final Sen2CorJobStatus status;

    JobObservations(JobObserver observer, Sen2CorJob job, BatchEnvironment env, Sen2CorJobStatus status) {
        this.observer = observer;
        this.job = job;
        this.env = env;
        this.status = status;
    }

    JobSnapshot take(List<SceneRound> rounds, String now) {
        Optional<Observation> refreshed = observer.refresh(job, env, rounds, status.getCompletionTime() != null);
        if (refreshed.isPresent()) {
            return JobSnapshot.problem(refreshed.get());
        }
        SceneRound last = rounds.get(rounds.size() - 1);
        SceneCounts before = status.getScenes();
        SceneCounts counts = JobProgress.rollUp(JobScenes.count(job),
                rounds.stream().map(r -> observer.observe(job, r)).toList(), carried(last));
        JobProgress.record(status, counts, now);
        List<FailedScene> failed = List.of();
        if (JobProgress.needsFailureDetail(before, counts, status)) {
            failed = failures(rounds);
            status.setFailures(forStatus(failed));
        } else if (counts.getFailed() == 0) {
            status.setFailures(null);
        }
        return new JobSnapshot(null, counts, failed, false);
    }

    /**
     * Every failed scene of the job: the last round's, and those of earlier rounds that no later round ran again
     * (a scene's result is its result in the last round that ran it). Earlier rounds are looked at only when the last
     * one carries failures.
     */
    private List<FailedScene> failures(List<SceneRound> rounds) {
        SceneRound last = rounds.get(rounds.size() - 1);
        if (carried(last) == 0) {
            return observer.failedScenes(job, env, last);
        }
        Map<String, FailedScene> byProduct = new LinkedHashMap<>();
        for (SceneRound round : rounds) {
            if (round.getRound() > 0) {
                observer.products(job, env, round).forEach(byProduct::remove);
            }
            observer.failedScenes(job, env, round).forEach(f -> byProduct.put(f.product(), f));
        }
        return List.copyOf(byProduct.values());
    }

    /**
     * The first failures for status, with what the backend can tell of their attempts and logs. A failure the backend
     * can no longer detail (no work id: e.g. a Kubernetes Job its TTL deleted while the round's other Jobs ran on)
     * keeps the detail status already had for it: failures are cleared when a round starts, so that detail is of the
     * same run.
     */
    private List<SceneFailure> forStatus(List<FailedScene> failed) {
        List<FailedScene> first = failed.subList(0, Math.min(failed.size(), Sen2CorJobStatus.MAX_FAILURES));
        if (first.isEmpty()) {
            return null;
        }
        Map<String, SceneFailure> known = new LinkedHashMap<>();
        if (status.getFailures() != null) {
            status.getFailures().stream().filter(f -> f.getPod() != null || f.getLogStream() != null)
                    .forEach(f -> known.putIfAbsent(f.getProduct(), f));
        }
        return observer.detail(job, env, first).stream().map(f -> {
            if (f.workId() == null && known.containsKey(f.product())) {
                return known.get(f.product());
            }
            SceneFailure sf = new SceneFailure();
            sf.setProduct(f.product());
            sf.setReason(f.reason());
            sf.setAttempts(f.attempts());
            if (f.log() != null) {
                sf.setLogGroup(f.log().group());
                sf.setLogStream(f.log().stream());
                sf.setLogUrl(f.log().url());
                sf.setPod(f.log().pod());
                sf.setLogCommand(f.log().command());
            }
            return sf;
        }).toList();
    }

    private static int carried(SceneRound round) {
        return round == null || round.getCarriedFailed() == null ? 0 : round.getCarriedFailed();
    }
}
