package io.sen2cor.operator.work;

import java.util.List;

import io.sen2cor.operator.api.SceneSelectionStatus;
import io.sen2cor.operator.api.Sen2CorJob;

/** The scenes a Sen2CorJob processes: spec.products, or what spec.scenes resolved to (docs/stac.md). */
public final class JobScenes {

    private JobScenes() {
    }

    /** Empty until a spec.scenes selection has been resolved and written to the status. */
    public static List<String> of(Sen2CorJob job) {
        if (job.getSpec() == null) {
            return List.of();
        }
        if (job.getSpec().getProducts() != null) {
            return job.getSpec().getProducts();
        }
        SceneSelectionStatus selection = job.getStatus() == null ? null : job.getStatus().getSelection();
        return selection == null || selection.getProducts() == null ? List.of() : selection.getProducts();
    }
}
