package io.sen2cor.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sen2cor.operator.api.Sen2CorSubscription;
import io.sen2cor.operator.api.Sen2CorSubscriptionSpec;
import io.sen2cor.operator.api.Sen2CorSubscriptionStatus;

class SubscriptionMetricsTest {

    static Sen2CorSubscription at(String cursor, boolean suspended) {
        Sen2CorSubscription s = new Sen2CorSubscription();
        s.setSpec(new Sen2CorSubscriptionSpec());
        s.getSpec().setSuspend(suspended);
        s.setStatus(new Sen2CorSubscriptionStatus());
        s.getStatus().setCursor(cursor);
        return s;
    }

    @Test
    void theLagIsTheFarthestCursorOfASubscriptionThatPollsAndTheCountersAddUp() {
        var registry = new SimpleMeterRegistry();
        var metrics = new SubscriptionMetrics(registry, Clock.fixed(Instant.parse("2026-12-07T12:00:00Z"), ZoneOffset.UTC));
        assertThat(registry.get("sen2cor.subscription.cursor.lag.seconds").gauge().value()).as("none yet").isZero();

        metrics.readFrom(() -> List.of(at("2026-12-07T11:30:00Z", false), at("2026-12-07T09:00:00Z", false),
                at("2026-12-01T00:00:00Z", true), at(null, false)).stream());
        assertThat(registry.get("sen2cor.subscription.cursor.lag.seconds").gauge().value()).as("3 h; the suspended one "
                + "does not count").isEqualTo(3 * 3600);

        metrics.polled(3);
        metrics.polled(0);
        assertThat(registry.get("sen2cor.subscription.polls").counter().count()).isEqualTo(2);
        assertThat(registry.get("sen2cor.subscription.scenes.queued").counter().count()).isEqualTo(3);
    }
}
