package io.sen2cor.operator.subscription;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import io.sen2cor.operator.api.PublishedProperty;
import io.sen2cor.operator.api.Sen2CorSubscriptionSpec;
import io.sen2cor.operator.api.Sen2CorSubscriptionStatus;
import io.sen2cor.operator.work.Quantities;

/**
 * When a subscription searches next, over which sensing times, and what of a search is new (pure; docs/subscriptions.md).
 *
 * <p>The cursor is the end of the last window searched: every scene sensed before it and found by a search has been
 * handed to a job. A window runs from lookback before the cursor (late-published scenes) to the poll's time, or to
 * backfillWindow after the cursor while catching up after start, a restart or an outage, so no job grows without
 * bound and no time is left out. What a search finds again within lookback is already in one of the subscription's
 * jobs, which are kept while that can happen ({@link #keep}).
 */
public final class SubscriptionPlan {

    private SubscriptionPlan() {
    }

    /** Sensing times [from, to) of one search, and its text as a STAC datetime. */
    public record Window(Instant from, Instant to) {

        public String datetime() {
            return from + "/" + to.minusMillis(1);
        }

        @Override
        public String toString() {
            return from + "/" + to;
        }
    }

    public static Instant cursor(Sen2CorSubscriptionSpec spec, Sen2CorSubscriptionStatus status) {
        return status == null || status.getCursor() == null ? Instant.parse(spec.getStart()) : Instant.parse(status.getCursor());
    }

    /** When the next search is due: at once while catching up, otherwise pollInterval after the cursor. */
    public static Instant due(Sen2CorSubscriptionSpec spec, Sen2CorSubscriptionStatus status) {
        if (status == null || status.getCursor() == null) {
            return Instant.MIN;
        }
        return cursor(spec, status).plus(Quantities.duration(spec.getPollInterval()));
    }

    /** The least time between two polls a notification brings forward: pollInterval's floor. */
    public static final Duration NOTIFIED_GAP = Duration.ofMinutes(1);

    /**
     * When to poll, given the last notification for this subscription's scenes ({@code notified}, null for none): a
     * notification after the last poll brings the poll forward to when it arrived, but never sooner than
     * {@link #NOTIFIED_GAP} after the last poll (a burst of notifications is one poll a minute).
     */
    public static Instant due(Sen2CorSubscriptionSpec spec, Sen2CorSubscriptionStatus status, Instant notified) {
        Instant due = due(spec, status);
        if (notified == null || status == null || status.getLastPollTime() == null) {
            return due;
        }
        Instant last = Instant.parse(status.getLastPollTime());
        if (!notified.isAfter(last)) {
            return due;
        }
        Instant soonest = last.plus(NOTIFIED_GAP);
        Instant pushed = notified.isAfter(soonest) ? notified : soonest;
        return pushed.isBefore(due) ? pushed : due;
    }

    /** The window the search at {@code now} covers. */
    public static Window window(Sen2CorSubscriptionSpec spec, Sen2CorSubscriptionStatus status, Instant now) {
        Instant start = Instant.parse(spec.getStart());
        Instant cursor = cursor(spec, status);
        Instant from = cursor.minus(Quantities.duration(spec.getLookback()));
        Instant to = cursor.plus(Quantities.duration(spec.getBackfillWindow()));
        return new Window(from.isBefore(start) ? start : from, to.isAfter(now) ? now : to);
    }

    /**
     * One poll: its sensing-time window and, once caught up, the search for scenes sensed before that window (from
     * start) that the catalogue published since the window's start: late by more than lookback, which the window
     * alone would miss. Jobs holding what either finds keep their window's end, so {@link #keep} keeps them while
     * either search may find their scenes again.
     */
    public record Poll(Window window, Optional<Published> published) {
    }

    /** Items whose {@code property} is at or after {@code since}, sensed within {@code sensed}. */
    public record Published(PublishedProperty property, Instant since, Window sensed) {
    }

    /** The poll at {@code now}: its window, and the published-late search once the window reaches now. */
    public static Poll poll(Sen2CorSubscriptionSpec spec, Sen2CorSubscriptionStatus status, Instant now) {
        Window window = window(spec, status, now);
        Instant start = Instant.parse(spec.getStart());
        PublishedProperty property = spec.getPublished() == null ? PublishedProperty.created : spec.getPublished();
        if (catchingUp(window, now) || property == PublishedProperty.none || !window.from().isAfter(start)) {
            return new Poll(window, Optional.empty());
        }
        return new Poll(window, Optional.of(new Published(property, window.from(), new Window(start, window.from()))));
    }

    /** Whether the window leaves the cursor behind now: more windows follow at once. */
    public static boolean catchingUp(Window window, Instant now) {
        return window.to().isBefore(now);
    }

    /** Of the products a search found, those in none of the subscription's jobs, in order. */
    public static List<String> fresh(Collection<String> found, Set<String> handedOut) {
        return new TreeSet<>(found).stream().filter(p -> !handedOut.contains(p)).toList();
    }

    /** The new products in jobs of at most {@code limit} scenes. */
    public static List<List<String>> chunks(List<String> products, int limit) {
        List<List<String>> chunks = new ArrayList<>();
        for (int i = 0; i < products.size(); i += limit) {
            chunks.add(List.copyOf(products.subList(i, Math.min(products.size(), i + limit))));
        }
        return chunks;
    }

    /**
     * Whether a job stays: running, among the newest {@code history} finished ones, or holding scenes a search may
     * still find again (its window ends after the next window's start).
     *
     * @param finishedNewer finished jobs newer than this one
     */
    public static boolean keep(boolean finished, int finishedNewer, Instant windowEnd, Sen2CorSubscriptionSpec spec,
            Sen2CorSubscriptionStatus status) {
        if (!finished || finishedNewer < spec.getJobsHistoryLimit()) {
            return true;
        }
        Instant searchedAgainFrom = cursor(spec, status).minus(Quantities.duration(spec.getLookback()));
        return windowEnd == null || windowEnd.isAfter(searchedAgainFrom);
    }

    /** Recheck after a search while catching up: the next window at once (a year in weekly windows is 52 searches). */
    public static final Duration NEXT_WINDOW = Duration.ofMillis(50);
    /** Recheck while a search runs: a local or nearby catalogue answers a window in tens of milliseconds. */
    public static final Duration SEARCHING = Duration.ofMillis(250);

    /** Recheck after a search: at once while catching up, otherwise when the next one is due. */
    public static Duration until(Instant due, Instant now) {
        Duration left = Duration.between(now, due);
        return left.isNegative() || left.isZero() ? NEXT_WINDOW : left;
    }
}
