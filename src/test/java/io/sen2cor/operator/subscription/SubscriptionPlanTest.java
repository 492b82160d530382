package io.sen2cor.operator.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.sen2cor.operator.api.PublishedProperty;
import io.sen2cor.operator.api.Sen2CorSubscriptionSpec;
import io.sen2cor.operator.api.Sen2CorSubscriptionStatus;

/** When a subscription searches and over which sensing times, without any server. */
class SubscriptionPlanTest {

    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    static Sen2CorSubscriptionSpec spec() {
        Sen2CorSubscriptionSpec spec = new Sen2CorSubscriptionSpec();
        spec.setStart(START.toString());
        return spec; // defaults: poll 1h, lookback 72h, backfill 168h, 10 finished jobs kept
    }

    static Sen2CorSubscriptionStatus at(Instant cursor) {
        Sen2CorSubscriptionStatus status = new Sen2CorSubscriptionStatus();
        status.setCursor(cursor.toString());
        return status;
    }

    @Test
    void theFirstSearchIsDueAtOnceAndBackfillsFromStartInWindowsOfBackfillWindow() {
        Instant now = START.plus(Duration.ofDays(20));
        assertThat(SubscriptionPlan.due(spec(), null)).isBefore(now);
        SubscriptionPlan.Window first = SubscriptionPlan.window(spec(), null, now);
        assertThat(first).isEqualTo(new SubscriptionPlan.Window(START, START.plus(Duration.ofDays(7))));
        assertThat(first.datetime()).isEqualTo("2026-01-01T00:00:00Z/2026-01-07T23:59:59.999Z");
        assertThat(SubscriptionPlan.catchingUp(first, now)).isTrue();

        // the next window starts lookback before the cursor, never before start
        SubscriptionPlan.Window second = SubscriptionPlan.window(spec(), at(first.to()), now);
        assertThat(second).isEqualTo(new SubscriptionPlan.Window(first.to().minus(Duration.ofHours(72)),
                first.to().plus(Duration.ofDays(7))));
        SubscriptionPlan.Window last = SubscriptionPlan.window(spec(), at(START.plus(Duration.ofDays(14))), now);
        assertThat(last.to()).as("caught up: the window ends now").isEqualTo(now);
        assertThat(SubscriptionPlan.catchingUp(last, now)).isFalse();
    }

    @Test
    void onceCaughtUpTheNextSearchIsDuePollIntervalAfterTheCursorAndAnOutageIsCaughtUpAtOnce() {
        Instant cursor = START.plus(Duration.ofDays(30));
        assertThat(SubscriptionPlan.due(spec(), at(cursor))).isEqualTo(cursor.plus(Duration.ofHours(1)));
        assertThat(SubscriptionPlan.until(cursor.plus(Duration.ofHours(1)), cursor.plus(Duration.ofMinutes(15))))
                .isEqualTo(Duration.ofMinutes(45));
        // three days down: due at once, and the window covers the whole gap plus the lookback
        Instant back = cursor.plus(Duration.ofDays(3));
        assertThat(SubscriptionPlan.until(SubscriptionPlan.due(spec(), at(cursor)), back)).isEqualTo(SubscriptionPlan.NEXT_WINDOW);
        assertThat(SubscriptionPlan.window(spec(), at(cursor), back))
                .isEqualTo(new SubscriptionPlan.Window(cursor.minus(Duration.ofHours(72)), back));
    }

    @Test
    void onceCaughtUpAPollAlsoSearchesScenesSensedBeforeItsWindowButPublishedSinceItsStart() {
        Instant cursor = START.plus(Duration.ofDays(30));
        Instant now = cursor.plus(Duration.ofHours(1));
        SubscriptionPlan.Poll poll = SubscriptionPlan.poll(spec(), at(cursor), now);
        SubscriptionPlan.Window window = new SubscriptionPlan.Window(cursor.minus(Duration.ofHours(72)), now);
        assertThat(poll.window()).isEqualTo(window);
        assertThat(poll.published()).contains(new SubscriptionPlan.Published(PublishedProperty.created, window.from(),
                new SubscriptionPlan.Window(START, window.from())));

        // while catching up the windows themselves reach every scene sensed since start; none turns it off
        assertThat(SubscriptionPlan.poll(spec(), null, now).published()).as("the first backfill window").isEmpty();
        assertThat(SubscriptionPlan.poll(spec(), at(START.plus(Duration.ofDays(7))), now).published()).isEmpty();
        Sen2CorSubscriptionSpec none = spec();
        none.setPublished(PublishedProperty.none);
        assertThat(SubscriptionPlan.poll(none, at(cursor), now).published()).isEmpty();
        // a window that starts at start leaves nothing sensed before it
        assertThat(SubscriptionPlan.poll(spec(), at(START.plus(Duration.ofHours(2))), START.plus(Duration.ofHours(3)))
                .published()).isEmpty();
    }

    @Test
    void onlyScenesInNoJobAreNewAndTheyAreSplitAtTheJobLimit() {
        assertThat(SubscriptionPlan.fresh(List.of("c", "a", "b", "a"), Set.of("b"))).containsExactly("a", "c");
        assertThat(SubscriptionPlan.chunks(List.of("a", "b", "c", "d", "e"), 2))
                .containsExactly(List.of("a", "b"), List.of("c", "d"), List.of("e"));
        assertThat(SubscriptionPlan.chunks(List.of(), 2)).isEmpty();
    }

    @Test
    void finishedJobsGoBeyondTheHistoryLimitUnlessASearchMayFindTheirScenesAgain() {
        Instant cursor = START.plus(Duration.ofDays(30));
        Sen2CorSubscriptionSpec spec = spec();
        spec.setJobsHistoryLimit(2);
        assertThat(SubscriptionPlan.keep(false, 50, START, spec, at(cursor))).as("running").isTrue();
        assertThat(SubscriptionPlan.keep(true, 1, START, spec, at(cursor))).as("within the history").isTrue();
        assertThat(SubscriptionPlan.keep(true, 2, START, spec, at(cursor))).as("old and out of reach").isFalse();
        assertThat(SubscriptionPlan.keep(true, 2, cursor.minus(Duration.ofHours(1)), spec, at(cursor)))
                .as("within lookback: the next search finds its scenes again").isTrue();
    }
}
