package io.sen2cor.operator.status;

import java.util.ArrayList;
import java.util.List;

import io.sen2cor.operator.api.SceneRound;
import io.sen2cor.operator.api.Sen2CorJobStatus;

/**
 * A Sen2CorJob's rounds, the same list on every backend ({@code status.rounds}). Resources written by an earlier
 * version kept them under {@code status.batch.rounds} or {@code status.kubernetes.rounds}: they are moved on first
 * read, so the next status write carries them in the one place.
 */
public final class JobRounds {

    private JobRounds() {
    }

    /** The rounds, attached to {@code status} (a round added to the list is in status). */
    public static List<SceneRound> of(Sen2CorJobStatus status) {
        if (status.getRounds() == null) {
            List<SceneRound> earlier = earlier(status);
            status.setRounds(earlier == null ? new ArrayList<>() : new ArrayList<>(earlier));
        }
        if (status.getBatch() != null) {
            status.getBatch().setRounds(null);
        }
        status.setKubernetes(null); // it held nothing but rounds
        return status.getRounds();
    }

    /** The rounds without changing {@code status} (an object from the informer's cache): empty when none. */
    public static List<SceneRound> read(Sen2CorJobStatus status) {
        if (status == null) {
            return List.of();
        }
        List<SceneRound> rounds = status.getRounds() != null ? status.getRounds() : earlier(status);
        return rounds == null ? List.of() : rounds;
    }

    /** Whether any round was started, without changing {@code status}. */
    public static boolean any(Sen2CorJobStatus status) {
        return !read(status).isEmpty();
    }

    private static List<SceneRound> earlier(Sen2CorJobStatus status) {
        if (status.getBatch() != null && status.getBatch().getRounds() != null) {
            return status.getBatch().getRounds();
        }
        return status.getKubernetes() == null ? null : status.getKubernetes().getRounds();
    }
}
