package io.sen2cor.operator.contract;

import java.util.List;

/**
 * What the operator and the runner in the job container agree on (docs/architecture.md, "The runner"): the environment variables the
 * backends set, and the exit codes whose meaning the AWS Batch retry strategy and the Kubernetes pod failure
 * policy act on. One place, so both backends and the runner cannot drift apart.
 */
public final class RunnerContract {

    /**
     * What a manifest line must be: a Sentinel-2 L1C product id. The runner's own copy of the schema's pattern
     * (api.Patterns), because the runner carries nothing of the operator; a test keeps the two equal.
     */
    public static final String L1C_PRODUCT_ID =
            "^S2[A-D]_MSIL1C_[0-9]{8}T[0-9]{6}_N[0-9]{4}_R(0[0-9][1-9]|0[1-9]0|1[0-3][0-9]|14[0-3])_T[0-9]{2}[C-HJ-NP-X][A-HJ-NP-Z]{2}_[0-9]{8}T[0-9]{6}$";
    /** S3 URI of the scene manifest: one L1C product id per line. */
    public static final String MANIFEST_URI = "SEN2COR_MANIFEST_URI";
    /** Line of the manifest for array index 0 of this job (array jobs cover at most 10,000 lines each). */
    public static final String MANIFEST_OFFSET = "SEN2COR_MANIFEST_OFFSET";
    /** Set by AWS Batch in array job children; absent for a single-scene job (index 0). */
    public static final String AWS_BATCH_ARRAY_INDEX = "AWS_BATCH_JOB_ARRAY_INDEX";
    /** Set by Kubernetes in Indexed Job pods. */
    public static final String K8S_COMPLETION_INDEX = "JOB_COMPLETION_INDEX";
    /**
     * Kubernetes: the container's terminationMessagePath. On failure the runner writes its one-line reason there, which
     * the kubelet puts into the pod's terminated state (and the operator into the Sen2CorJob's failures).
     */
    public static final String TERMINATION_MESSAGE_PATH = "SEN2COR_TERMINATION_MESSAGE_PATH";
    public static final String OUTPUT_URI = "SEN2COR_OUTPUT_URI";
    public static final String OUTPUT_ENDPOINT = "SEN2COR_OUTPUT_ENDPOINT";
    public static final String SOURCE_TYPE = "SEN2COR_SOURCE_TYPE";
    public static final String SOURCE_BUCKET = "SEN2COR_SOURCE_BUCKET";
    public static final String SOURCE_PREFIX = "SEN2COR_SOURCE_PREFIX";
    public static final String SOURCE_ENDPOINT = "SEN2COR_SOURCE_ENDPOINT";
    public static final String SOURCE_REGION = "SEN2COR_SOURCE_REGION";
    public static final String SOURCE_REQUESTER_PAYS = "SEN2COR_SOURCE_REQUESTER_PAYS";
    public static final String SOURCE_PARALLELISM = "SEN2COR_SOURCE_PARALLELISM";
    public static final String RESOLUTION = "SEN2COR_RESOLUTION";
    public static final String PROCESSING_BASELINE = "SEN2COR_PROCESSING_BASELINE";
    public static final String THREADS = "SEN2COR_THREADS";
    public static final String AUX_DATA_PATH = "SEN2COR_AUX_DATA_PATH";
    /** spec.sen2cor.version: which aux data the installed Sen2Cor reads (see Sen2CorProcess.auxFilesFor). */
    public static final String SEN2COR_VERSION = "SEN2COR_VERSION";
    public static final String DEFAULT_SEN2COR_VERSION = "2.12";
    public static final String DEM_DIRECTORY = "SEN2COR_DEM_DIRECTORY";
    /** Sen2Cor's DEM_Reference (where missing DEM tiles are fetched from); unset: only the tiles in the directory. */
    public static final String DEM_REFERENCE = "SEN2COR_DEM_REFERENCE";
    /** 30m or 90m: Sen2Cor 2.12 fetches Copernicus DEM tiles from their public AWS bucket into the work volume. */
    public static final String DEM_COPERNICUS = "SEN2COR_DEM_COPERNICUS";
    public static final String TIMEOUT_SECONDS = "SEN2COR_TIMEOUT_SECONDS";
    /** What capacity the scene's round runs on, as far as the operator can tell: Spot, OnDemand, SpotOrOnDemand, Unknown. */
    public static final String CAPACITY = "SEN2COR_CAPACITY";
    public static final String CAPACITY_SPOT = "Spot";
    public static final String CAPACITY_ON_DEMAND = "OnDemand";
    public static final String CAPACITY_MIXED = "SpotOrOnDemand";
    public static final String CAPACITY_UNKNOWN = "Unknown";

    /**
     * What the container does (docs/stac.md): {@code scene} (the default) processes its manifest line; on Kubernetes,
     * where only pods reach the output store, {@code succeeded} reads every manifest scene's result record and leaves
     * {@link SucceededScenes} as its termination message (spec.scenes.skipExisting), and {@code catalog} writes the
     * finished job's STAC collection to {@link #CATALOG_URI}.
     */
    public static final String TASK = "SEN2COR_TASK";
    public static final String TASK_SCENE = "scene";
    public static final String TASK_SUCCEEDED = "succeeded";
    public static final String TASK_CATALOG = "catalog";
    /** The finished job's files in its folder of the output: every failure with its log, and the STAC collection. */
    public static final String JOB_REPORT = "report.json";
    public static final String JOB_CATALOG = "catalog.json";
    /** The catalog task's target and the Sen2CorJob it describes. */
    public static final String CATALOG_URI = "SEN2COR_CATALOG_URI";
    public static final String JOB_NAMESPACE = "SEN2COR_JOB_NAMESPACE";
    public static final String JOB_NAME = "SEN2COR_JOB_NAME";
    /** The selected scenes' L1C STAC items ({@link SourceItems}), when they came from a catalogue that names them by rule. */
    public static final String SOURCE_ITEMS = "SEN2COR_SOURCE_ITEMS";
    /** The catalog task's report.json to upload beside the collection (a mounted file), if any. */
    public static final String REPORT_FILE = "SEN2COR_REPORT_FILE";
    /**
     * Kubernetes: how often this scene's earlier pods were interrupted without it counting as an attempt (the Job
     * controller's job-index-ignored-failure-count annotation, through the downward API), and how often that may be.
     */
    public static final String INTERRUPTIONS = "SEN2COR_INTERRUPTIONS";
    public static final String MAX_INTERRUPTIONS = "SEN2COR_MAX_INTERRUPTIONS";
    /** spec.output.keepExisting: SameSettings or Any. */
    public static final String KEEP_EXISTING = "SEN2COR_KEEP_EXISTING";
    public static final String KEEP_ANY = "Any";
    /** What makes two runs of a scene give different products: the settings' fingerprint covers these. */
    public static final List<String> SETTINGS = List.of(SEN2COR_VERSION, RESOLUTION, PROCESSING_BASELINE, DEM_DIRECTORY,
            DEM_REFERENCE, DEM_COPERNICUS);

    /** Per scene, beside its record: the GIPP Sen2Cor was run with (the provenance's gippSha256 is its hash). */
    public static final String GIPP_FILE = "L2A_GIPP.xml";
    /** Per scene, written last: {@code <output>/<L1C id>/result.json}; its presence means a complete upload. */
    public static final String RESULT_FILE = "result.json";
    /** Values of result.json's "status". */
    public static final String RESULT_SUCCEEDED = "SUCCEEDED";
    public static final String RESULT_FAILED = "FAILED";

    /** The scene's L2A product is uploaded and result.json written. */
    public static final int EXIT_OK = 0;
    /** Bad settings or environment: retrying the same scene cannot help. */
    public static final int EXIT_CONFIG = 2;
    /** The source does not have the product. */
    public static final int EXIT_PRODUCT_NOT_FOUND = 3;
    /** The product is not a valid .SAFE (or cannot be rebuilt into one). */
    public static final int EXIT_INVALID_PRODUCT = 4;
    /** L2A_Process failed or produced no single MTD_MSIL2A.xml. */
    public static final int EXIT_SEN2COR_FAILED = 5;
    /**
     * Interrupted (Spot reclaim, eviction, preemption, node shutdown) more often than the environment allows: the
     * scene fails instead of being placed again without bound.
     */
    public static final int EXIT_INTERRUPTED_TOO_OFTEN = 6;
    /** Network, throttling, interrupted or timed-out transfer: another attempt may succeed (EX_TEMPFAIL). */
    public static final int EXIT_RETRYABLE = 75;

    /** Exit codes that fail a scene at once, without using up retries. */
    public static final List<Integer> PERMANENT_EXIT_CODES =
            List.of(EXIT_CONFIG, EXIT_PRODUCT_NOT_FOUND, EXIT_INVALID_PRODUCT, EXIT_SEN2COR_FAILED, EXIT_INTERRUPTED_TOO_OFTEN);

    private RunnerContract() {
    }

    /**
     * The SHA-256 of the processing settings in a runner's environment ({@link #SETTINGS}, absent ones empty): the
     * operator computes it from the spec, the runner from its environment, and result.json records it, so both can
     * tell a product made with other settings or another Sen2Cor version.
     */
    public static String settingsFingerprint(java.util.Map<String, String> env) {
        StringBuilder text = new StringBuilder();
        for (String key : SETTINGS) {
            text.append(key).append('=').append(env.getOrDefault(key, "")).append('\n');
        }
        return Sha256.of(text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
