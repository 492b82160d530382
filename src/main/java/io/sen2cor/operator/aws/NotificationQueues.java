package io.sen2cor.operator.aws;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import io.sen2cor.operator.subscription.NewSceneNotice;
import io.sen2cor.operator.subscription.NotificationFeed;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Reads the SQS queues Sen2CorSubscriptions name for new-scene notifications (docs/subscriptions.md, "Push"): per
 * queue one long poll at a time on a thread of its own (ReceiveMessage waits up to 20 s, so an idle queue costs three
 * calls a minute), each message handed to the listener and then deleted, read or not, since a notification only
 * brings a poll forward. A queue no subscription names any more stops after its current answer. A queue that cannot
 * be read (AccessDenied, deleted) keeps its error for status and is tried again every 30 s; polling goes on meanwhile.
 */
public final class NotificationQueues implements NotificationFeed {

    private static final Logger LOG = Logger.getLogger(NotificationQueues.class);

    private final AwsClientPool aws;
    private volatile Supplier<Set<Queue>> wanted = Set::of;
    private volatile Listener listener = (queue, notice, at) -> {
    };
    private final Clock clock;
    private final int waitSeconds;
    private final Duration retry;
    private final Map<Queue, Boolean> reading = new ConcurrentHashMap<>();
    private final Map<Queue, String> errors = new ConcurrentHashMap<>();
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "sqs-notifications");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closed;

    /** @param waitSeconds ReceiveMessage's WaitTimeSeconds (20, SQS's most) */
    public NotificationQueues(AwsClientPool aws, Clock clock, int waitSeconds, Duration retry) {
        this.aws = aws;
        this.clock = clock;
        this.waitSeconds = waitSeconds;
        this.retry = retry;
    }

    @Override
    public void read(Supplier<Set<Queue>> queues, Listener listener) {
        this.listener = listener;
        this.wanted = queues;
        if (closed) {
            return;
        }
        for (Queue queue : queues.get()) {
            if (reading.putIfAbsent(queue, Boolean.TRUE) == null) {
                threads.submit(() -> read(queue));
            }
        }
    }

    @Override
    public Optional<String> error(Queue queue) {
        return Optional.ofNullable(errors.get(queue));
    }

    private void read(Queue queue) {
        try {
            while (!closed && wanted.get().contains(queue)) {
                try {
                    var sqs = aws.region(queue.region()).sqs();
                    List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(queue.url()).maxNumberOfMessages(10)
                            .waitTimeSeconds(waitSeconds)).messages();
                    errors.remove(queue);
                    if (messages.isEmpty()) {
                        continue;
                    }
                    Instant at = clock.instant();
                    List<DeleteMessageBatchRequestEntry> read = new ArrayList<>();
                    for (Message m : messages) {
                        try {
                            listener.notified(queue, NewSceneNotice.parse(m.body()), at);
                        } catch (RuntimeException e) {
                            // deleted all the same: a message that fails every time must not come back for ever
                            LOG.warnf(e, "notification %s of queue %s could not be handled", m.messageId(), queue.url());
                        }
                        read.add(DeleteMessageBatchRequestEntry.builder().id(String.valueOf(read.size()))
                                .receiptHandle(m.receiptHandle()).build());
                    }
                    sqs.deleteMessageBatch(r -> r.queueUrl(queue.url()).entries(read));
                } catch (SdkException e) {
                    String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                    if (!why.equals(errors.put(queue, why))) {
                        LOG.warnf("cannot read notification queue %s: %s; retrying every %d s, subscriptions poll meanwhile",
                                queue.url(), why, retry.toSeconds());
                    }
                    Thread.sleep(retry.toMillis());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // unexpected (not the SDK's): the next read() of a subscription's reconcile starts the queue again
            LOG.errorf(e, "reading notification queue %s stopped", queue.url());
        } finally {
            reading.remove(queue);
            errors.remove(queue);
        }
    }

    @Override
    public void close() {
        closed = true;
        threads.shutdownNow();
    }
}
