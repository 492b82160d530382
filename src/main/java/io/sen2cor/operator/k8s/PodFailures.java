package io.sen2cor.operator.k8s;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.fabric8.kubernetes.api.model.Pod;
import io.sen2cor.operator.api.RoundOutcome;
import io.sen2cor.operator.backend.FailedScene;
import io.sen2cor.operator.backend.SceneLog;

/**
 * A round's failed scenes as its pods tell them (pure): per failed index the last failed pod's termination state,
 * the attempts, and how many of them Kubernetes took away (Spot reclaim, eviction, preemption); or, once the Job and
 * its pods are gone, what the round's record says.
 */
final class PodFailures {

    private PodFailures() {
    }

    /** @param products the round's scenes in index order */
    static List<FailedScene> of(String namespace, List<Integer> indexes, List<String> products, List<Pod> pods) {
        List<FailedScene> out = new ArrayList<>();
        for (int index : indexes) {
            List<Pod> attempts = pods.stream().filter(p -> String.valueOf(index).equals(completionIndex(p)))
                    .filter(p -> "Failed".equals(p.getStatus().getPhase()))
                    .sorted(Comparator.comparing(p -> p.getMetadata().getCreationTimestamp())).toList();
            Pod lastPod = attempts.isEmpty() ? null : attempts.get(attempts.size() - 1);
            String product = index < products.size() ? products.get(index) : "index " + index;
            String podName = lastPod == null ? null : lastPod.getMetadata().getName();
            int interruptions = (int) attempts.stream().filter(PodFailures::disrupted).count();
            out.add(new FailedScene(product, lastPod == null ? "failed" : termination(lastPod), podName, false,
                    attempts.size(), podName == null ? null : SceneLog.pod(namespace, podName))
                    .withInterruptions(interruptions, lastPod != null && disrupted(lastPod)));
        }
        return out;
    }

    /** The failed scenes of a round whose Job its TTL deleted, from what was recorded when it ended. */
    static List<FailedScene> recorded(int round, RoundOutcome ended, List<String> products) {
        return IndexRanges.parse(ended.getFailedIndexes()).stream()
                .map(index -> new FailedScene(index < products.size() ? products.get(index) : "index " + index,
                        "failed in round " + round + " (its Job has since been deleted, with its pods and logs; "
                                + "the job's report.json keeps the cause)", null, false, null, null))
                .toList();
    }

    /** Taken away by Kubernetes (a Spot node reclaimed, an eviction, a preemption) rather than failed on its own. */
    static boolean disrupted(Pod pod) {
        return pod.getStatus().getConditions() != null && pod.getStatus().getConditions().stream()
                .anyMatch(c -> IndexedJobs.DISRUPTION_TARGET.equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static String completionIndex(Pod p) {
        var labels = p.getMetadata().getLabels();
        var annotations = p.getMetadata().getAnnotations();
        String fromLabel = labels == null ? null : labels.get(IndexedJobs.COMPLETION_INDEX);
        return fromLabel != null ? fromLabel
                : annotations == null ? null : annotations.get(IndexedJobs.COMPLETION_INDEX);
    }

    /** "exit code 3 (Error): product not found" from the runner container's terminated state. */
    static String termination(Pod pod) {
        if (pod.getStatus().getContainerStatuses() != null) {
            for (var cs : pod.getStatus().getContainerStatuses()) {
                var t = cs.getState() == null ? null : cs.getState().getTerminated();
                if (t != null) {
                    return "exit code " + t.getExitCode() + (t.getReason() == null ? "" : " (" + t.getReason() + ")")
                            + (t.getMessage() == null || t.getMessage().isBlank() ? "" : ": " + t.getMessage().strip());
                }
            }
        }
        return pod.getStatus().getReason() != null ? pod.getStatus().getReason() + ": " + pod.getStatus().getMessage() : "failed";
    }
}
