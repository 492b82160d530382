package io.sen2cor.operator.work;

import java.util.List;

import io.sen2cor.operator.api.SceneSelectionStatus;
import io.sen2cor.operator.api.Sen2CorJob;

/** The scenes a Sen2CorJob processes: spec.products, or what spec.scenes resolved to (docs/stac.md). */
public final class JobScenes {

    private JobScenes() {
    }

    /**
     * Empty until a spec.scenes selection has been resolved and written to the status, and for a selection kept in
     * the output store (more than 10,000 ids: status.selection.manifestUri); {@link #count} counts those too.
     */
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

    /** How many scenes the job processes, whether their ids are in the spec, in status or in the output store. */
    public static int count(Sen2CorJob job) {
        return keptAt(job) != null ? job.getStatus().getSelection().getSelected() : of(job).size();
    }

    /** Where a selection too large for status is kept; null when the ids are in the spec or in status. */
    public static String keptAt(Sen2CorJob job) {
        SceneSelectionStatus selection = job.getStatus() == null ? null : job.getStatus().getSelection();
        return job.getSpec() == null || job.getSpec().getProducts() != null || selection == null ? null
                : selection.getManifestUri();
    }
}
