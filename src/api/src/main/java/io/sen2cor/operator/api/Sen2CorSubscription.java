package io.sen2cor.operator.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A standing order: keeps an area processed as Sentinel-2 acquires it, by polling a STAC API and creating owned
 * Sen2CorJobs for the scenes it has not handed out yet (docs/subscriptions.md).
 */
@Group(ApiGroup.GROUP)
@Version(ApiGroup.VERSION)
@Kind("Sen2CorSubscription")
@Plural("sen2corsubscriptions")
@Singular("sen2corsubscription")
@ShortNames({"s2sub"})
@AdditionalPrinterColumn(name = "Cursor", jsonPath = ".status.cursor", type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(name = "Jobs", jsonPath = ".status.jobsCreated", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Scenes", jsonPath = ".status.scenesQueued", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Reason", jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason",
        type = AdditionalPrinterColumn.Type.STRING)
// a string, not a date: kubectl prints a date column in the future as <invalid>
@AdditionalPrinterColumn(name = "Next poll", jsonPath = ".status.nextPollTime", type = AdditionalPrinterColumn.Type.STRING,
        priority = 1)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class Sen2CorSubscription extends CustomResource<Sen2CorSubscriptionSpec, Sen2CorSubscriptionStatus>
        implements Namespaced {
}
