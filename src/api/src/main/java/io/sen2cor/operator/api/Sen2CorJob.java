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

/** The work: a set of Sentinel-2 L1C products processed to L2A with Sen2Cor on a BatchEnvironment. */
@Group(ApiGroup.GROUP)
@Version(ApiGroup.VERSION)
@Kind("Sen2CorJob")
@Plural("sen2corjobs")
@Singular("sen2corjob")
@ShortNames({"s2job", "s2j"})
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Progress", jsonPath = ".status.progress", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Environment", jsonPath = ".spec.environmentRef", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Reason", jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason",
        type = AdditionalPrinterColumn.Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "ETA", jsonPath = ".status.usage.eta", type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(name = "Matched", jsonPath = ".status.selection.matched", type = AdditionalPrinterColumn.Type.INTEGER,
        priority = 1)
public class Sen2CorJob extends CustomResource<Sen2CorJobSpec, Sen2CorJobStatus> implements Namespaced {
}
