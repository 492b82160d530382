package io.sen2cor.operator.reconciler;

import java.net.HttpURLConnection;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.sen2cor.operator.naming.ShortHash;
import io.sen2cor.operator.status.EventReasonCode;
import io.sen2cor.operator.status.EventSink;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Kubernetes Events (core/v1) about the operator's resources, shown by {@code kubectl describe}. Written in the
 * background, in the order recorded, as client-go's event broadcaster does: a reconcile never waits for an Event
 * (with 1000 jobs applied at once, half the reconcile threads were waiting on Event creates; docs/benchmark.md).
 * Events are informational: when 10,000 wait, new ones are dropped with a warning.
 */
@ApplicationScoped
public class EventRecorder implements EventSink {

    static final String COMPONENT = "sen2cor-operator";
    static final int QUEUED = 10_000;
    private static final Logger LOG = Logger.getLogger(EventRecorder.class);

    private final KubernetesClient client;
    private final ThreadPoolExecutor writer;
    private final AtomicLong dropped = new AtomicLong();

    @Inject
    public EventRecorder(KubernetesClient client) {
        this.client = client;
        this.writer = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(QUEUED), r -> {
            Thread t = new Thread(r, "sen2cor-events");
            t.setDaemon(true);
            return t;
        });
        writer.allowCoreThreadTimeOut(true);
    }

    /** Writes what is queued (for at most 10 s), then stops. */
    @PreDestroy
    public void close() {
        writer.shutdown();
        try {
            writer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Records an Event, or raises the count and lastTimestamp of the same one (same object, reason and message), as
     * Flink's EventUtils does: a recheck that finds the same thing adds no new object to etcd. The Event is made
     * now (the object as it is now); it is written on the recorder's own thread.
     */
    @Override
    public void record(HasMetadata resource, EventReasonCode reason, String message) {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        // Events of a cluster-scoped object live in "default", as kubectl describe expects
        String namespace = resource.getMetadata().getNamespace() == null ? "default" : resource.getMetadata().getNamespace();
        String name = eventName(resource, reason, message);
        Event event = event(resource, reason, message, name, namespace, now);
        String about = reason + " for " + resource.getKind().toLowerCase(Locale.ROOT) + " " + resource.getMetadata().getName();
        try {
            writer.execute(() -> write(event, about));
        } catch (RejectedExecutionException e) {
            if (dropped.getAndIncrement() % 1000 == 0) {
                LOG.warnf("%d Events waiting to be written: dropped %s (%d dropped so far)", QUEUED, about, dropped.get());
            }
        }
    }

    private void write(Event event, String about) {
        String namespace = event.getMetadata().getNamespace();
        String name = event.getMetadata().getName();
        String now = event.getLastTimestamp();
        try {
            var events = client.v1().events().inNamespace(namespace);
            try {
                // most Events are new: one call, as without deduplication
                events.resource(event).create();
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                    throw e;
                }
            }
            // the same Event again: count it
            events.withName(name).edit(e -> {
                e.setCount(e.getCount() == null ? 2 : e.getCount() + 1);
                e.setLastTimestamp(now);
                return e;
            });
        } catch (RuntimeException e) {
            // an Event is informational: failing to write one must not fail the reconcile
            LOG.warnf("could not record event %s: %s", about, e.getMessage());
        }
    }

    private static Event event(HasMetadata resource, EventReasonCode reason, String message, String name, String namespace,
            String now) {
        return new EventBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .endMetadata()
                .withInvolvedObject(new ObjectReferenceBuilder()
                        .withApiVersion(resource.getApiVersion()).withKind(resource.getKind())
                        .withName(resource.getMetadata().getName()).withNamespace(resource.getMetadata().getNamespace())
                        .withUid(resource.getMetadata().getUid())
                        .withResourceVersion(resource.getMetadata().getResourceVersion()).build())
                .withType(reason.isWarning() ? "Warning" : "Normal")
                .withReason(reason.name())
                .withMessage(message)
                .withNewSource(COMPONENT, null)
                .withReportingComponent(COMPONENT)
                .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                .build();
    }

    /** {@code <object>.<hash of kind, uid, reason and message>}: the same Event always gets the same name. */
    static String eventName(HasMetadata resource, EventReasonCode reason, String message) {
        String hash = ShortHash.of(resource.getKind() + "\n" + resource.getMetadata().getUid() + "\n"
                + resource.getMetadata().getName() + "\n" + reason.name() + "\n" + message, 8);
        String object = resource.getMetadata().getName();
        // an Event's name is at most 253 characters
        return object.substring(0, Math.min(object.length(), 230)) + "." + hash;
    }
}
