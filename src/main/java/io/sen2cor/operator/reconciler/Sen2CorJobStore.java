package io.sen2cor.operator.reconciler;

import io.javaoperatorsdk.operator.processing.event.source.informer.TransformingItemStore;
import io.sen2cor.operator.api.Sen2CorJob;

/**
 * The Sen2CorJob informer's cache without metadata.managedFields, which nothing in the operator reads: each field
 * manager's record is a tree of maps per object (docs/operations.md, "Footprint"). Status is written by
 * server-side apply of a fresh object or a merge patch, never by a PUT of a cached copy, so nothing is lost.
 */
public class Sen2CorJobStore extends TransformingItemStore<Sen2CorJob> {

    public Sen2CorJobStore() {
        super(job -> {
            job.getMetadata().setManagedFields(null);
            return job;
        });
    }
}
