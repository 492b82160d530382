package io.sen2cor.operator.subscription;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.sen2cor.operator.api.ApiGroup;
import io.sen2cor.operator.api.SceneSelector;
import io.sen2cor.operator.api.Sen2CorJob;
import io.sen2cor.operator.api.Sen2CorJobSpec;
import io.sen2cor.operator.api.Sen2CorSubscription;
import io.sen2cor.operator.naming.LabelValues;

/** The Sen2CorJobs of a subscription: the one its searches are admitted and run as, and the ones it creates (pure). */
public final class SubscriptionJobs {

    /** On each created job: the subscription's name (as a label value). */
    public static final String SUBSCRIPTION_LABEL = ApiGroup.GROUP + "/subscription";
    /** On each created job: the sensing time window whose new scenes it holds. */
    public static final String WINDOW_ANNOTATION = ApiGroup.GROUP + "/window";

    private static final KubernetesSerialization JSON = new KubernetesSerialization();
    private static final DateTimeFormatter NAME_TIME = DateTimeFormatter.ofPattern("yyyyMMdd't'HHmmss").withZone(ZoneOffset.UTC);

    private SubscriptionJobs() {
    }

    /**
     * The job a search is made as: the template with the subscription's scenes over {@code window}. The tenancy rules
     * admit it as they would admit the jobs it leads to, before the operator fetches anything for it; its UID names
     * the search, one per subscription and window.
     */
    public static Sen2CorJob search(Sen2CorSubscription sub, SubscriptionPlan.Window window) {
        Sen2CorJob job = fromTemplate(sub);
        job.getMetadata().setUid(sub.getMetadata().getUid() + "@" + window.to());
        SceneSelector scenes = JSON.convertValue(sub.getSpec().getScenes(), SceneSelector.class);
        scenes.setDatetime(window.datetime());
        scenes.setLimit(Sen2CorJobSpec.MAX_INLINE_PRODUCTS);
        scenes.setSkipExisting(false);
        job.getSpec().setScenes(scenes);
        return job;
    }

    /**
     * The job the poll of {@code window} searches scenes published late as: sensed within {@code published.sensed()},
     * with the query extension's {@code <property> >= since} added to the subscription's query (a query of its own on
     * that property is left as it is).
     */
    public static Sen2CorJob searchPublished(Sen2CorSubscription sub, SubscriptionPlan.Window window,
            SubscriptionPlan.Published published) {
        Sen2CorJob job = search(sub, published.sensed());
        job.getMetadata().setUid(sub.getMetadata().getUid() + "@published@" + window.to());
        SceneSelector scenes = job.getSpec().getScenes();
        ObjectNode query = scenes.getQuery() != null && scenes.getQuery().isObject() ? ((ObjectNode) scenes.getQuery()).deepCopy()
                : JsonNodeFactory.instance.objectNode();
        String property = published.property().name();
        if (!query.has(property)) {
            query.putObject(property).put("gte", published.since().toString());
        }
        scenes.setQuery(query);
        return job;
    }

    /** The {@code index}-th job of the scenes {@code window}'s search found new, owned by the subscription. */
    public static Sen2CorJob created(Sen2CorSubscription sub, SubscriptionPlan.Window window, int index, int of,
            List<String> products) {
        Sen2CorJob job = fromTemplate(sub);
        job.getMetadata().setName(name(sub, window, index, of));
        job.getMetadata().setLabels(Map.of(SUBSCRIPTION_LABEL, LabelValues.of(sub.getMetadata().getName())));
        job.getMetadata().setAnnotations(Map.of(WINDOW_ANNOTATION, window.toString()));
        job.getMetadata().setOwnerReferences(List.of(new OwnerReferenceBuilder().withApiVersion(sub.getApiVersion())
                .withKind(sub.getKind()).withName(sub.getMetadata().getName()).withUid(sub.getMetadata().getUid())
                .withController(true).withBlockOwnerDeletion(false).build()));
        job.getSpec().setProducts(products);
        return job;
    }

    /** {@code <subscription>-<window end, UTC>[-<index>]}: the same for the same window, so a repeat finds it. */
    static String name(Sen2CorSubscription sub, SubscriptionPlan.Window window, int index, int of) {
        String base = sub.getMetadata().getName();
        base = base.substring(0, Math.min(base.length(), 200));
        return base + "-" + NAME_TIME.format(window.to()) + (of > 1 ? "-" + index : "");
    }

    /** Whether {@code job} is one this subscription created. */
    public static boolean ownedBy(HasMetadata job, Sen2CorSubscription sub) {
        return job.getMetadata().getOwnerReferences() != null && job.getMetadata().getOwnerReferences().stream()
                .anyMatch(o -> sub.getMetadata().getUid().equals(o.getUid()));
    }

    private static Sen2CorJob fromTemplate(Sen2CorSubscription sub) {
        Sen2CorJob job = new Sen2CorJob();
        job.setMetadata(new ObjectMetaBuilder().withName(sub.getMetadata().getName())
                .withNamespace(sub.getMetadata().getNamespace()).build());
        job.setSpec(JSON.convertValue(sub.getSpec().getJobTemplate(), Sen2CorJobSpec.class));
        return job;
    }
}
