package io.sen2cor.operator.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import java.util.stream.Stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sen2cor.operator.api.Sen2CorSubscription;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Sen2CorSubscriptions: {@code sen2cor_subscription_polls_total}, {@code sen2cor_subscription_scenes_queued_total}
 * and {@code sen2cor_subscription_cursor_lag_seconds}, the largest distance between now and the cursor of a
 * subscription that is not suspended: it grows while one falls behind (a catalogue outage, a refusal), which a
 * pollInterval-sized threshold alerts on. Read from the controller's cache, so a deleted subscription leaves nothing.
 */
@ApplicationScoped
@io.quarkus.runtime.Startup
public class SubscriptionMetrics {

    private final Counter polls;
    private final Counter scenes;
    private final Clock clock;
    private volatile Supplier<Stream<Sen2CorSubscription>> subscriptions = Stream::empty;

    @Inject
    public SubscriptionMetrics(MeterRegistry registry, Clock clock) {
        this.clock = clock;
        polls = Counter.builder("sen2cor.subscription.polls").description("Catalogue searches of Sen2CorSubscriptions")
                .register(registry);
        scenes = Counter.builder("sen2cor.subscription.scenes.queued").description("Scenes Sen2CorSubscriptions handed "
                + "to the Sen2CorJobs they created").register(registry);
        Gauge.builder("sen2cor.subscription.cursor.lag.seconds", this, SubscriptionMetrics::lagSeconds)
                .description("Largest distance from now to the cursor of a Sen2CorSubscription that is not suspended")
                .register(registry);
    }

    public static SubscriptionMetrics detached(Clock clock) {
        return new SubscriptionMetrics(new SimpleMeterRegistry(), clock);
    }

    /** Where the subscriptions are read from: the controller's primary cache. */
    public void readFrom(Supplier<Stream<Sen2CorSubscription>> subscriptions) {
        this.subscriptions = subscriptions;
    }

    public void polled(int scenesQueued) {
        polls.increment();
        scenes.increment(scenesQueued);
    }

    double lagSeconds() {
        Instant now = clock.instant();
        return subscriptions.get().filter(s -> !Boolean.TRUE.equals(s.getSpec().getSuspend()) && s.getStatus() != null
                        && s.getStatus().getCursor() != null)
                .mapToDouble(s -> Math.max(0, Duration.between(Instant.parse(s.getStatus().getCursor()), now).toMillis() / 1000.0))
                .max().orElse(0);
    }
}
