package io.sen2cor.operator.subscription;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

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

    /** Reads each of {@code queues} not read yet, from now on; a queue no longer listed stops after its current answer. */
    void read(Set<Queue> queues, Listener listener);

    /** Why the queue could not be read at its last try; empty once it answers. */
    Optional<String> error(Queue queue);

    @Override
    void close();

    /** No feed: an operator without AWS access, or tests of polling alone. */
    static NotificationFeed none() {
        return new NotificationFeed() {
            @Override
            public void read(Set<Queue> queues, Listener listener) {
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
        String region = spec.getRegion();
        if (region == null) {
            var m = java.util.regex.Pattern.compile("^https://sqs\\.([a-z0-9-]+)\\.amazonaws\\.com(\\.cn)?/")
                    .matcher(spec.getSqsQueueUrl());
            region = m.find() ? m.group(1) : null;
        }
        return region == null ? Optional.empty() : Optional.of(new Queue(spec.getSqsQueueUrl(), region));
    }
}
