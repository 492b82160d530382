package io.sen2cor.operator.reconciler;

import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.sen2cor.operator.api.NotificationsStatus;
import io.sen2cor.operator.api.Sen2CorSubscription;
import io.sen2cor.operator.subscription.NewSceneNotice;
import io.sen2cor.operator.subscription.NotificationFeed;

/**
 * The push trigger of Sen2CorSubscriptions (docs/subscriptions.md, "Push"): which queues the platform lets the
 * operator read, which subscriptions a notification concerns, and the wake that makes them poll now rather than at
 * their pollInterval. What arrived is kept in memory (status.notifications shows it); a restart loses nothing a poll
 * cannot find, since the regular polls catch up whatever was notified meanwhile.
 */
public class SubscriptionNotifications {

    private final NotificationFeed feed;
    private final Set<String> allowedQueues;
    private final SimpleInboundEventSource<Sen2CorSubscription> wakes =
            new SimpleInboundEventSource<>("subscription-notifications");
    private final Map<String, Received> received = new ConcurrentHashMap<>();
    private volatile Supplier<Collection<Sen2CorSubscription>> subscriptions = List::of;

    /** Notifications that concerned one subscription, since this operator started reading its queue. */
    record Received(long count, Instant last, String notice) {
    }

    /** @param allowedQueues the queue URLs subscriptions may name (the chart's subscriptions.notificationQueues) */
    public SubscriptionNotifications(NotificationFeed feed, Collection<String> allowedQueues) {
        this.feed = feed;
        this.allowedQueues = Set.copyOf(allowedQueues);
    }

    /** No queue allowed, none read: subscriptions poll only. */
    public static SubscriptionNotifications none() {
        return new SubscriptionNotifications(NotificationFeed.none(), List.of());
    }

    /** The subscription controller's cache: which subscriptions name which queue. */
    void readFrom(Supplier<Collection<Sen2CorSubscription>> cache) {
        this.subscriptions = cache;
    }

    /** The subscription controller's event source for the wakes. */
    SimpleInboundEventSource<Sen2CorSubscription> wakes() {
        return wakes;
    }

    /** Why the subscription's spec.notifications is refused; empty when it names none, or an allowed queue. */
    Optional<String> refusal(Sen2CorSubscription sub) {
        var spec = sub.getSpec().getNotifications();
        if (spec == null) {
            return Optional.empty();
        }
        String url = spec.getSqsQueueUrl();
        if (!allowedQueues.contains(url)) {
            // the operator reads and deletes with its own identity: a tenant must not point it at any queue
            return Optional.of("spec.notifications.sqsQueueUrl " + url + " is not a queue this operator may read (allowed: "
                    + (allowedQueues.isEmpty() ? "none" : String.join(", ", allowedQueues.stream().sorted().toList()))
                    + "); the platform lists them in the chart's subscriptions.notificationQueues; nothing is polled "
                    + "until it is fixed");
        }
        if (NotificationFeed.of(spec).isEmpty()) {
            return Optional.of("spec.notifications: the region of " + url + " is not known: set spec.notifications.region");
        }
        String named = NotificationFeed.regionOf(url);
        if (named != null && spec.getRegion() != null && !named.equals(spec.getRegion())) {
            return Optional.of("spec.notifications.region " + spec.getRegion() + " is not the region " + url + " names ("
                    + named + "); leave it out");
        }
        return Optional.empty();
    }

    /**
     * Reads the queues the subscriptions name (allowed, not suspended), asked again before each read so a queue stops
     * with its last subscription; forgets subscriptions that are gone.
     */
    void follow() {
        Set<String> uids = new HashSet<>();
        subscriptions.get().forEach(sub -> uids.add(sub.getMetadata().getUid()));
        received.keySet().retainAll(uids);
        feed.read(this::queues, this::notified);
    }

    private Set<NotificationFeed.Queue> queues() {
        Set<NotificationFeed.Queue> queues = new HashSet<>();
        subscriptions.get().forEach(sub -> queue(sub).ifPresent(queues::add));
        return queues;
    }

    /** When the last notification for this subscription's scenes arrived; null for none. */
    Instant notified(Sen2CorSubscription sub) {
        Received r = received.get(sub.getMetadata().getUid());
        return r == null ? null : r.last();
    }

    /** status.notifications: null when the subscription names no queue. */
    NotificationsStatus status(Sen2CorSubscription sub) {
        var spec = sub.getSpec().getNotifications();
        if (spec == null) {
            return null;
        }
        NotificationsStatus status = new NotificationsStatus();
        Received r = received.get(sub.getMetadata().getUid());
        status.setReceived(r == null ? 0L : r.count());
        status.setLastReceivedTime(r == null ? null : r.last().toString());
        status.setLastNotice(r == null ? null : r.notice());
        status.setError(refusal(sub).isPresent() || Boolean.TRUE.equals(sub.getSpec().getSuspend()) ? null
                : NotificationFeed.of(spec).flatMap(feed::error).orElse(null));
        return status;
    }

    private Optional<NotificationFeed.Queue> queue(Sen2CorSubscription sub) {
        if (Boolean.TRUE.equals(sub.getSpec().getSuspend()) || refusal(sub).isPresent()) {
            return Optional.empty();
        }
        return NotificationFeed.of(sub.getSpec().getNotifications());
    }

    private void notified(NotificationFeed.Queue queue, NewSceneNotice notice, Instant at) {
        for (Sen2CorSubscription sub : subscriptions.get()) {
            if (queue(sub).filter(queue::equals).isPresent()
                    && notice.concerns(sub.getSpec().getScenes() == null ? null : sub.getSpec().getScenes().getMgrsTiles())) {
                received.merge(sub.getMetadata().getUid(), new Received(1, at, notice.toString()),
                        (was, now) -> new Received(was.count() + 1, now.last(), now.notice()));
                wakes.propagateEvent(ResourceID.fromResource(sub));
            }
        }
    }
}
