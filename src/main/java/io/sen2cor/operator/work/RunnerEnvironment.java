package io.sen2cor.operator.work;

import java.util.LinkedHashMap;
import java.util.Map;

import io.sen2cor.operator.api.KeepExisting;
import io.sen2cor.operator.api.Sen2CorJob;
import io.sen2cor.operator.api.SourceSpec;
import io.sen2cor.operator.api.SourceType;
import io.sen2cor.operator.contract.RunnerContract;

/**
 * The runner's inputs (see {@link RunnerContract}) for the scenes of one job or array chunk, the same on both
 * backends: only how the manifest is reached and the index variable differ.
 */
public final class RunnerEnvironment {

    private RunnerEnvironment() {
    }

    /** @param manifestUri s3://... (AWS Batch) or file:///... (a mounted ConfigMap on Kubernetes) */
    /** @param capacity what the scenes run on ({@link Capacity}), recorded in each result.json */
    public static Map<String, String> of(Sen2CorJob job, String manifestUri, int offset, String capacity) {
        var spec = job.getSpec();
        SourceSpec source = spec.getSource();
        Map<String, String> env = new LinkedHashMap<>();
        env.put(RunnerContract.MANIFEST_URI, manifestUri);
        env.put(RunnerContract.MANIFEST_OFFSET, String.valueOf(offset));
        env.put(RunnerContract.CAPACITY, capacity);
        env.put(RunnerContract.OUTPUT_URI, spec.getOutput().getUri());
        put(env, RunnerContract.OUTPUT_ENDPOINT, spec.getOutput().getEndpoint());
        // the job's STAC collection: each scene's item names it (collection, parent and root links)
        env.put(RunnerContract.JOB_NAMESPACE, job.getMetadata().getNamespace());
        env.put(RunnerContract.JOB_NAME, job.getMetadata().getName());
        if (job.getMetadata().getUid() != null) {
            env.put(RunnerContract.CATALOG_URI, JobFolder.catalog(job).toString());
        }
        if (job.getStatus() != null && job.getStatus().getSelection() != null) {
            put(env, RunnerContract.SOURCE_ITEMS, job.getStatus().getSelection().getSourceItems());
        }
        env.put(RunnerContract.KEEP_EXISTING, spec.getOutput().getKeepExisting() == null ? KeepExisting.SameSettings.name()
                : spec.getOutput().getKeepExisting().name());
        boolean awsL1C = source.getType() == SourceType.awsL1C;
        env.put(RunnerContract.SOURCE_TYPE, source.getType().name());
        env.put(RunnerContract.SOURCE_BUCKET, source.getBucket() != null ? source.getBucket() : awsL1C ? "sentinel-s2-l1c" : "");
        put(env, RunnerContract.SOURCE_PREFIX, source.getPrefix());
        put(env, RunnerContract.SOURCE_ENDPOINT, source.getEndpoint());
        put(env, RunnerContract.SOURCE_REGION, source.getRegion() != null ? source.getRegion() : awsL1C ? "eu-central-1" : null);
        env.put(RunnerContract.SOURCE_REQUESTER_PAYS, String.valueOf(source.getRequesterPays() != null
                ? source.getRequesterPays() : awsL1C));
        env.put(RunnerContract.SOURCE_PARALLELISM, String.valueOf(source.getParallelism()));
        env.put(RunnerContract.RESOLUTION, String.valueOf(spec.getSen2cor().getResolution()));
        put(env, RunnerContract.PROCESSING_BASELINE, spec.getSen2cor().getProcessingBaseline());
        env.put(RunnerContract.THREADS, String.valueOf(spec.getResources().getVcpus()));
        env.put(RunnerContract.AUX_DATA_PATH, spec.getSen2cor().getAuxDataPath());
        put(env, RunnerContract.SEN2COR_VERSION, spec.getSen2cor().getVersion());
        if (spec.getSen2cor().getDem() != null) {
            put(env, RunnerContract.DEM_DIRECTORY, spec.getSen2cor().getDem().getDirectory());
            put(env, RunnerContract.DEM_REFERENCE, spec.getSen2cor().getDem().getReference());
            put(env, RunnerContract.DEM_COPERNICUS, spec.getSen2cor().getDem().getCopernicus());
        }
        env.put(RunnerContract.TIMEOUT_SECONDS, String.valueOf(Quantities.duration(spec.getTimeout()).toSeconds()));
        return env;
    }

    /** Where the aux data volume is mounted: the first path segment of the aux data directory (/aux for /aux/aux_data). */
    public static String auxVolumeRoot(String auxDataPath) {
        int slash = auxDataPath.indexOf('/', 1);
        return slash < 0 ? auxDataPath : auxDataPath.substring(0, slash);
    }

    private static void put(Map<String, String> env, String key, String value) {
        if (value != null) {
            env.put(key, value);
        }
    }
}
