package io.sen2cor.operator.reconciler;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sen2cor.operator.status.EventSink;
import io.sen2cor.operator.status.Reason;

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

    @Override
    public void record(HasMetadata resource, Reason reason, String message) {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        // Events of a cluster-scoped object live in "default", as kubectl describe expects
        String namespace = resource.getMetadata().getNamespace() == null ? "default" : resource.getMetadata().getNamespace();
        var event = new EventBuilder()
                .withNewMetadata()
                .withGenerateName(resource.getMetadata().getName() + ".")
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
        try {
            client.v1().events().inNamespace(namespace).resource(event).create();
        } catch (RuntimeException e) {
            // an Event is informational: failing to write one must not fail the reconcile
            LOG.warnf("could not record event %s for %s %s: %s", reason, resource.getKind().toLowerCase(Locale.ROOT),
                    resource.getMetadata().getName(), e.getMessage());
        }
    }
}
