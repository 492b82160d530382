package io.sen2cor.operator.runner;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.sen2cor.operator.contract.RunnerContract;

/**
 * The runner's inputs, read from the environment the backends set ({@link RunnerContract}). A missing or malformed
 * required value is a configuration error (exit 2): retrying the same scene cannot fix it.
 */
public record RunnerSettings(
        String manifestUri,
        int sceneIndex,
        String outputUri,
        Optional<String> outputEndpoint,
        String sourceType,
        String sourceBucket,
        String sourcePrefix,
        Optional<String> sourceEndpoint,
        String sourceRegion,
        boolean requesterPays,
        int parallelism,
        int resolution,
        Optional<String> processingBaseline,
        int threads,
        String auxDataPath,
        String sen2corVersion,
        Optional<String> demDirectory,
        Optional<String> demReference,
        Optional<String> demCopernicus,
        Duration timeout,
        Path workDir,
        boolean workDirPersists,
        String l2aProcess,
        Optional<Path> gippTemplate,
        Optional<Path> auxLink,
        String region,
        Map<String, String> environment) {

    /** Executable of Sen2Cor, overridable for images that install it elsewhere (and for tests' stand-in). */
    public static final String L2A_PROCESS = "SEN2COR_L2A_PROCESS";
    /** An L2A_GIPP.xml to start from (default: the one Sen2Cor installs); the runner sets threads and DEM in it. */
    public static final String GIPP_TEMPLATE = "SEN2COR_GIPP_TEMPLATE";
    public static final String WORK_DIR = "SEN2COR_WORK_DIR";
    /**
     * "true" only where the work dir outlives the container and the next attempt can land on it (a host or network
     * volume mounted at it). Neither backend mounts one: a pod's emptyDir and a Batch container's own filesystem go
     * with the attempt, so by default every attempt frees its downloads (docs/architecture.md, "The runner").
     */
    public static final String WORK_DIR_PERSISTS = "SEN2COR_WORK_DIR_PERSISTS";
    /**
     * Set by the image: the path its Sen2Cor's aux_data entries link to (on the writable work volume). The runner
     * points it at the job's auxDataPath, so any path the user mounts the maps at is the one Sen2Cor reads.
     */
    public static final String AUX_LINK = "SEN2COR_AUX_LINK";

    public static RunnerSettings fromEnvironment(Map<String, String> env) {
        int offset = integer(env, RunnerContract.MANIFEST_OFFSET, "0");
        String index = env.getOrDefault(RunnerContract.AWS_BATCH_ARRAY_INDEX, env.getOrDefault(RunnerContract.K8S_COMPLETION_INDEX, "0"));
        int sceneIndex;
        try {
            sceneIndex = offset + Integer.parseInt(index);
        } catch (NumberFormatException e) {
            throw new RunnerFailure(RunnerContract.EXIT_CONFIG, "array index is not a number: " + index);
        }
        return new RunnerSettings(
                required(env, RunnerContract.MANIFEST_URI),
                sceneIndex,
                required(env, RunnerContract.OUTPUT_URI),
                optional(env, RunnerContract.OUTPUT_ENDPOINT),
                env.getOrDefault(RunnerContract.SOURCE_TYPE, "awsL1C"),
                env.getOrDefault(RunnerContract.SOURCE_BUCKET, "sentinel-s2-l1c"),
                env.getOrDefault(RunnerContract.SOURCE_PREFIX, ""),
                optional(env, RunnerContract.SOURCE_ENDPOINT),
                env.getOrDefault(RunnerContract.SOURCE_REGION, "eu-central-1"),
                Boolean.parseBoolean(env.getOrDefault(RunnerContract.SOURCE_REQUESTER_PAYS, "true")),
                Math.max(1, integer(env, RunnerContract.SOURCE_PARALLELISM, "8")),
                integer(env, RunnerContract.RESOLUTION, "10"),
                optional(env, RunnerContract.PROCESSING_BASELINE),
                Math.max(1, integer(env, RunnerContract.THREADS, "1")),
                env.getOrDefault(RunnerContract.AUX_DATA_PATH, "/aux/aux_data"),
                env.getOrDefault(RunnerContract.SEN2COR_VERSION, RunnerContract.DEFAULT_SEN2COR_VERSION),
                optional(env, RunnerContract.DEM_DIRECTORY),
                optional(env, RunnerContract.DEM_REFERENCE),
                optional(env, RunnerContract.DEM_COPERNICUS),
                Duration.ofSeconds(integer(env, RunnerContract.TIMEOUT_SECONDS, "7200")),
                Path.of(env.getOrDefault(WORK_DIR, env.getOrDefault("HOME", "/tmp") + "/sen2cor-work")),
                Boolean.parseBoolean(env.getOrDefault(WORK_DIR_PERSISTS, "false")),
                env.getOrDefault(L2A_PROCESS, "L2A_Process"),
                optional(env, GIPP_TEMPLATE).map(Path::of),
                optional(env, AUX_LINK).map(Path::of),
                env.getOrDefault("AWS_REGION", env.getOrDefault("AWS_DEFAULT_REGION", "eu-central-1")),
                Map.copyOf(env));
    }

    private static String required(Map<String, String> env, String key) {
        String value = env.get(key);
        if (value == null || value.isBlank()) {
            throw new RunnerFailure(RunnerContract.EXIT_CONFIG, key + " is not set");
        }
        return value;
    }

    private static Optional<String> optional(Map<String, String> env, String key) {
        String value = env.get(key);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    private static int integer(Map<String, String> env, String key, String fallback) {
        String value = env.getOrDefault(key, fallback);
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new RunnerFailure(RunnerContract.EXIT_CONFIG, key + " is not a number: " + value);
        }
    }
}
