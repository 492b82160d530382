package io.sen2cor.operator.reconciler;

import java.net.HttpURLConnection;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.sen2cor.operator.naming.ShortHash;
import io.sen2cor.operator.status.EventReasonCode;
import io.sen2cor.operator.status.EventSink;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/** Kubernetes Events (core/v1) about the operator's resources, shown by {@code kubectl describe}. */
@ApplicationScoped
public class EventRecorder implements EventSink {

    static final String COMPONENT = "sen2cor-operator";
    private static final Logger LOG = Logger.getLogger(EventRecorder.class);

    private final KubernetesClient client;

    @Inject
    public EventRecorder(KubernetesClient client) {
        this.client = client;
    }

    /**
     * Records an Event, or raises the count and lastTimestamp of the same one (same object, reason and message), as
     * Flink's EventUtils does: a recheck that finds the same thing adds no new object to etcd.
     */
    @Override
    public void record(HasMetadata resource, EventReasonCode reason, String message) {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        // Events of a cluster-scoped object live in "default", as kubectl describe expects
        String namespace = resource.getMetadata().getNamespace() == null ? "default" : resource.getMetadata().getNamespace();
        String name = eventName(resource, reason, message);
        try {
            var events = client.v1().events().inNamespace(namespace);
            try {
                // most Events are new: one call, as without deduplication
                events.resource(event(resource, reason, message, name, namespace, now)).create();
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
            LOG.warnf("could not record event %s for %s %s: %s", reason, resource.getKind().toLowerCase(Locale.ROOT),
                    resource.getMetadata().getName(), e.getMessage());
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
