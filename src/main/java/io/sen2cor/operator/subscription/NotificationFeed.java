package io.sen2cor.operator.subscription;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Where Sen2CorSubscriptions' new-scene notifications come from (a port: aws/NotificationQueues reads SQS; see
 * docs/subscriptions.md, "Push"). A notification only brings a poll forward.
 */
public interface NotificationFeed extends AutoCloseable {

    /** A queue and the region its client signs for. */
    record Queue(String url, String region) {
    }

    /** What a read message said, when it arrived. */
    interface Listener {
        void notified(Queue queue, NewSceneNotice notice, Instant at);
    }

    /**
     * Reads each queue {@code queues} gives not read yet, from now on; {@code queues} is asked again before each
     * read, and a queue it no longer gives (its last subscription deleted) stops after its current answer.
     */
    void read(Supplier<Set<Queue>> queues, Listener listener);

    /** Why the queue could not be read at its last try; empty once it answers. */
    Optional<String> error(Queue queue);

    @Override
    void close();

    /** No feed: an operator without AWS access, or tests of polling alone. */
    static NotificationFeed none() {
        return new NotificationFeed() {
            @Override
            public void read(Supplier<Set<Queue>> queues, Listener listener) {
            }

            @Override
            public Optional<String> error(Queue queue) {
                return Optional.of("this operator reads no notification queue");
            }

            @Override
            public void close() {
            }
        };
    }

    /** The queue a subscription's spec.notifications names: its URL, and its region or the one the URL names. */
    static Optional<Queue> of(io.sen2cor.operator.api.SubscriptionNotifications spec) {
        if (spec == null || spec.getSqsQueueUrl() == null) {
            return Optional.empty();
        }
        String named = regionOf(spec.getSqsQueueUrl());
        String region = named != null ? named : spec.getRegion();
        return region == null ? Optional.empty() : Optional.of(new Queue(spec.getSqsQueueUrl(), region));
    }

    /** The region an SQS URL names ({@code https://sqs.<region>.amazonaws.com/...}); null for another host. */
    static String regionOf(String url) {
        var m = SQS_URL.matcher(url == null ? "" : url);
        return m.find() ? m.group(1) : null;
    }

    /** An SQS queue URL of AWS's own endpoints; group 1 is its region. */
    Pattern SQS_URL = Pattern.compile("^https://sqs\\.([a-z0-9-]+)\\.amazonaws\\.com(\\.cn)?/");
}
