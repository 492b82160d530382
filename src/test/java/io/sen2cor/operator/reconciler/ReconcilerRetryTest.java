package io.sen2cor.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import io.javaoperatorsdk.operator.processing.retry.GradualRetry;

/**
 * An unexpected error (a refused write, an API server hiccup that outlasts a few attempts) must not end with JOSDK's
 * "Exhausted retries" and a resource nobody looks at until it changes: both reconcilers' retry, run through JOSDK's own
 * GenericRetry, backs off to 5 minutes and never stops.
 */
class ReconcilerRetryTest {

    @ParameterizedTest
    @ValueSource(classes = {Sen2CorJobReconciler.class, BatchEnvironmentReconciler.class})
    void retriesNeverRunOutAndBackOffToFiveMinutes(Class<?> reconciler) {
        GradualRetry annotation = reconciler.getAnnotation(GradualRetry.class);
        assertThat(annotation).as(reconciler.getSimpleName() + " configures its retry").isNotNull();
        GenericRetry retry = new GenericRetry();
        retry.initFrom(annotation);
        var execution = retry.initExecution();

        List<Long> delays = new ArrayList<>();
        for (int attempt = 0; attempt < 50; attempt++) {
            delays.add(execution.nextDelay().orElseThrow(() -> new AssertionError("retries ran out")));
        }

        assertThat(execution.isLastAttempt()).isFalse();
        assertThat(delays.get(0)).isEqualTo(2_000L);
        assertThat(delays).isSorted().last().isEqualTo(300_000L);
        assertThat(delays.stream().filter(d -> d < 300_000L).count()).as("reaches the cap within minutes").isLessThan(10);
    }
}
