package io.sen2cor.operator.work;

import io.sen2cor.operator.api.Sen2CorJob;
import io.sen2cor.operator.contract.RunnerContract;
import io.sen2cor.operator.contract.S3Location;

/**
 * The job's own folder in its output ({@code <output>/_sen2cor/<namespace>.<name>-<uid>/}), the same on both
 * backends: scene manifests (AWS Batch), report.json and the STAC collection catalog.json (docs/stac.md). The UID
 * keeps a re-created job of the same name from overwriting the folder of the one before.
 */
public final class JobFolder {

    private JobFolder() {
    }

    public static S3Location of(Sen2CorJob job) {
        return S3Location.parse(job.getSpec().getOutput().getUri()).resolve("_sen2cor/" + job.getMetadata().getNamespace()
                + "." + job.getMetadata().getName() + "-" + shortUid(job) + "/");
    }

    /** Where the finished job's STAC collection goes. */
    public static S3Location catalog(Sen2CorJob job) {
        return of(job).resolve(RunnerContract.JOB_CATALOG);
    }

    /** Where the finished job's report (every failure with its log) goes. */
    public static S3Location report(Sen2CorJob job) {
        return of(job).resolve(RunnerContract.JOB_REPORT);
    }

    /** The first 8 hex digits of the job's UID. */
    public static String shortUid(Sen2CorJob job) {
        return job.getMetadata().getUid().replace("-", "").substring(0, 8);
    }
}
