package io.sen2cor.operator.k8s;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.sen2cor.operator.api.RoundOutcome;
import io.sen2cor.operator.backend.RoundCounts;

/**
 * What a round's Indexed Job says of its scenes, and the record of it kept in the Sen2CorJob's status once the Job has
 * ended ({@code SceneRound.ended}): the Job is deleted {@code jobTtlSecondsAfterFinished} later, and a retry or a
 * restart after that must still know which scenes failed (docs/architecture.md, "Kubernetes backend"). Pure.
 */
final class RoundEnds {

    private RoundEnds() {
    }

    /** Counts from completedIndexes / failedIndexes; an index with an active pod is running. */
    static RoundCounts counts(Job j) {
        var s = j.getStatus();
        int size = j.getSpec().getCompletions();
        int succeeded = IndexRanges.count(s.getCompletedIndexes());
        int failed = failedIndexes(j).size();
        int active = s.getActive() == null ? 0 : s.getActive();
        return RoundCounts.of(size, Math.min(active, Math.max(0, size - succeeded - failed)), succeeded, failed);
    }

    /**
     * The failed indexes: failedIndexes, and when the Job ended before running every index (e.g. its backoffLimit was
     * reached) every index that did not complete.
     */
    static List<Integer> failedIndexes(Job j) {
        var s = j.getStatus();
        List<Integer> failed = IndexRanges.parse(s.getFailedIndexes());
        int size = j.getSpec().getCompletions();
        Set<Integer> completed = new HashSet<>(IndexRanges.parse(s.getCompletedIndexes()));
        if (ended(j) && completed.size() + failed.size() < size) {
            failed = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                if (!completed.contains(i)) {
                    failed.add(i);
                }
            }
        }
        return failed;
    }

    /** The record of an ended Job. */
    static RoundOutcome outcome(Job j) {
        List<Integer> failed = failedIndexes(j);
        RoundOutcome o = new RoundOutcome();
        o.setSucceeded(IndexRanges.count(j.getStatus().getCompletedIndexes()));
        o.setFailed(failed.size());
        o.setFailedIndexes(failed.isEmpty() ? null : IndexRanges.format(failed));
        return o;
    }

    /** The counts a recorded round had when its Job ended. */
    static RoundCounts counts(RoundOutcome o) {
        return new RoundCounts(0, 0, o.getSucceeded(), o.getFailed());
    }

    /** Every index has ended: the Job has its terminal condition, or nothing is left to run (which comes first). */
    static boolean done(Job j) {
        if (ended(j)) {
            return true;
        }
        var s = j.getStatus();
        int active = s.getActive() == null ? 0 : s.getActive();
        return active == 0 && IndexRanges.count(s.getCompletedIndexes()) + IndexRanges.count(s.getFailedIndexes())
                >= j.getSpec().getCompletions();
    }

    /** Indexes that have neither completed nor failed: what the Job may still run pods for. */
    static int unfinished(Job j) {
        int size = j.getSpec().getCompletions() == null ? 0 : j.getSpec().getCompletions();
        if (j.getStatus() == null) {
            return size;
        }
        return Math.max(0, size - IndexRanges.count(j.getStatus().getCompletedIndexes())
                - IndexRanges.count(j.getStatus().getFailedIndexes()));
    }

    static boolean ended(Job j) {
        return j.getStatus() != null && j.getStatus().getConditions() != null && j.getStatus().getConditions().stream()
                .anyMatch(c -> ("Complete".equals(c.getType()) || "Failed".equals(c.getType())) && "True".equals(c.getStatus()));
    }
}
