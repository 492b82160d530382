package io.sen2cor.operator.runner;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import io.sen2cor.operator.contract.ResultRecords;
import io.sen2cor.operator.contract.RunnerContract;
import io.sen2cor.operator.contract.S3Location;
import io.sen2cor.operator.contract.SceneResult;
import io.sen2cor.operator.contract.Sha256;
import io.sen2cor.operator.contract.SourceItems;
import io.sen2cor.operator.contract.StacCatalog;
import io.sen2cor.operator.contract.SucceededScenes;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The program inside the job container (docs/architecture.md, "The runner"), its own main and no operator start-up: picks its scene from
 * the manifest, skips it when result.json already says SUCCEEDED, fetches the L1C product, runs L2A_Process,
 * uploads the L2A .SAFE to {@code <output>/<L2A product>/} and its STAC item to {@code <output>/<L2A product>.json},
 * writes {@code <output>/<L1C id>/result.json} last and
 * exits with a {@link RunnerContract} code that tells AWS Batch's retry strategy and the Kubernetes pod failure
 * policy whether another attempt can help. On Kubernetes it also runs the operator's reads of the output store
 * ({@link RunnerContract#TASK}).
 */
public final class Runner {

    private final Map<String, String> env;
    private final PrintStream log;

    public Runner(Map<String, String> env, PrintStream log) {
        this.env = env;
        this.log = log;
    }

    public static void main(String[] args) {
        System.exit(new Runner(System.getenv(), System.out).run());
    }

    /** Runs the scene and returns the exit code; never throws. */
    public int run() {
        RunnerSettings settings;
        try {
            settings = RunnerSettings.fromEnvironment(env);
        } catch (RunnerFailure f) {
            return failed(f.exitCode(), "sen2cor-runner: ", f.getMessage());
        }
        try (S3Client output = client(settings.outputEndpoint(), settings.region(), "");
                S3Client source = client(settings.sourceEndpoint(), settings.sourceRegion(), "SEN2COR_SOURCE_");
                S3Transfers transfers = new S3Transfers(settings.parallelism())) {
            return switch (env.getOrDefault(RunnerContract.TASK, RunnerContract.TASK_SCENE)) {
                case RunnerContract.TASK_SCENE -> scene(settings, output, source, transfers);
                case RunnerContract.TASK_SUCCEEDED -> succeeded(settings, output);
                case RunnerContract.TASK_CATALOG -> catalog(settings, output);
                default -> failed(RunnerContract.EXIT_CONFIG, "sen2cor-runner: ", "unknown " + RunnerContract.TASK + " "
                        + env.get(RunnerContract.TASK));
            };
        } catch (RunnerFailure f) {
            return failed(f.exitCode(), "sen2cor-runner: ", f.getMessage());
        } catch (RuntimeException e) {
            return failed(RunnerContract.EXIT_RETRYABLE, "sen2cor-runner: ", "unexpected " + e);
        }
    }

    /** Logs the reason and, on Kubernetes, leaves it as the container's termination message. */
    private int failed(int exit, String logPrefix, String reason) {
        log.println(logPrefix + reason);
        terminationMessage(reason);
        return exit;
    }

    /** On Kubernetes: what the kubelet puts into the pod's terminated state, where the operator reads it. */
    private void terminationMessage(String reason) {
        String path = env.get(RunnerContract.TERMINATION_MESSAGE_PATH);
        if (path != null && !path.isBlank()) {
            byte[] bytes = reason.getBytes(StandardCharsets.UTF_8);
            try {
                // the kubelet reads at most 4096 bytes of it
                Files.write(Path.of(path), Arrays.copyOf(bytes, Math.min(bytes.length, 4096)));
            } catch (IOException | RuntimeException e) {
                log.println("sen2cor-runner: could not write the termination message to " + path + ": " + e.getMessage());
            }
        }
    }

    /** The skip check of spec.scenes.skipExisting on Kubernetes: which manifest scenes' records say SUCCEEDED. */
    private int succeeded(RunnerSettings settings, S3Client out) {
        List<String> products = manifest(settings, out);
        var records = ResultRecords.read(out, S3Location.parse(settings.outputUri()), products, 16);
        var done = ResultRecords.reusable(records, RunnerContract.settingsFingerprint(env), keepAny());
        log.println("sen2cor-runner: " + done.size() + " of " + products.size() + " scenes already SUCCEEDED in "
                + settings.outputUri() + (keepAny() ? "" : " with these settings"));
        terminationMessage(SucceededScenes.encode(products, done));
        return RunnerContract.EXIT_OK;
    }

    /** A finished job's STAC collection on Kubernetes: the items of the manifest scenes whose records say SUCCEEDED. */
    private int catalog(RunnerSettings settings, S3Client out) {
        String uri = env.get(RunnerContract.CATALOG_URI);
        if (uri == null || uri.isBlank()) {
            return failed(RunnerContract.EXIT_CONFIG, "sen2cor-runner: ", RunnerContract.CATALOG_URI + " is not set");
        }
        List<String> products = manifest(settings, out);
        var records = ResultRecords.read(out, S3Location.parse(settings.outputUri()), products, 8);
        var items = ResultRecords.stacItems(records, products);
        S3Location at = S3Location.parse(uri);
        String body = StacCatalog.of(env.getOrDefault(RunnerContract.JOB_NAMESPACE, "default"),
                env.getOrDefault(RunnerContract.JOB_NAME, "sen2corjob"), uri, items).toPrettyString();
        out.putObject(r -> r.bucket(at.bucket()).key(at.key()).contentType("application/json"), RequestBody.fromString(body));
        String report = env.get(RunnerContract.REPORT_FILE);
        if (report != null && !report.isBlank()) {
            S3Location reportAt = at.sibling(RunnerContract.JOB_REPORT);
            try {
                String json = Files.readString(Path.of(report));
                out.putObject(r -> r.bucket(reportAt.bucket()).key(reportAt.key()).contentType("application/json"),
                        RequestBody.fromString(json));
            } catch (IOException e) {
                return failed(RunnerContract.EXIT_CONFIG, "sen2cor-runner: ", "cannot read the report " + report + ": " + e.getMessage());
            }
        }
        log.println("sen2cor-runner: wrote " + uri + " with " + items.size() + " items of " + products.size() + " scenes");
        terminationMessage("catalog " + items.size() + " items at " + uri);
        return RunnerContract.EXIT_OK;
    }

    /**
     * Interruptions do not count as attempts (the pod failure policy ignores DisruptionTarget), so a scene a node's
     * disk pressure or a drain keeps evicting would be placed again for ever: past the environment's bound it fails.
     */
    private void checkInterruptions() {
        int interruptions = count(env.get(RunnerContract.INTERRUPTIONS));
        int max = count(env.get(RunnerContract.MAX_INTERRUPTIONS));
        if (max > 0 && interruptions >= max) {
            throw new RunnerFailure(RunnerContract.EXIT_INTERRUPTED_TOO_OFTEN, "interrupted " + interruptions
                    + " time(s) before this attempt (Spot reclaim, eviction, preemption or node shutdown); the environment "
                    + "allows " + max + " (spec.kubernetes.maxInterruptions)");
        }
    }

    private static int count(String value) {
        try {
            return value == null || value.isBlank() ? 0 : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private int scene(RunnerSettings settings, S3Client out, S3Client in, S3Transfers transfers) {
        String product = product(settings, out);
        S3Location outputRoot = S3Location.parse(settings.outputUri());
        S3Location resultAt = outputRoot.resolve(product + "/" + RunnerContract.RESULT_FILE);
        String fingerprint = RunnerContract.settingsFingerprint(env);
        if (existingSuccess(out, resultAt, fingerprint, keepAny())) {
            log.println("[" + product + "] " + resultAt + " says SUCCEEDED" + (keepAny() ? "" : " with these settings")
                    + ": nothing to do");
            return RunnerContract.EXIT_OK;
        }
        long started = System.nanoTime();
        SceneResult result = new SceneResult(product).put("startedAt", Instant.now().toString())
                .put("attempt", env.getOrDefault("AWS_BATCH_JOB_ATTEMPT", "1"))
                .put("capacity", env.getOrDefault(RunnerContract.CAPACITY, RunnerContract.CAPACITY_UNKNOWN))
                .put("settings", fingerprint);
        Path work = settings.workDir().resolve(product);
        int exit = RunnerContract.EXIT_OK;
        try {
            checkInterruptions();
            Sen2CorProcess sen2cor = new Sen2CorProcess(settings, log);
            sen2cor.checkAuxData();
            long t0 = System.nanoTime();
            L1CSource.Fetched l1c = source(settings, in, transfers).fetch(product, work.resolve("input"));
            Path safe = l1c.safe();
            result.time("fetch", System.nanoTime() - t0);
            long t1 = System.nanoTime();
            Path gipp = sen2cor.renderGipp(work.resolve("cfg"));
            // the GIPP this product is made with, beside its record: its hash names it in the provenance
            byte[] gippBytes = read(gipp);
            S3Location gippAt = outputRoot.resolve(product + "/" + RunnerContract.GIPP_FILE);
            out.putObject(r -> r.bucket(gippAt.bucket()).key(gippAt.key()).contentType("application/xml"),
                    RequestBody.fromBytes(gippBytes));
            // an earlier attempt's partial L2A product would make this one find two and fail for good
            delete(work.resolve("output"));
            delete(work.resolve("tmp"));
            Sen2CorProcess.Result l2a = sen2cor.run(product, safe, gipp, work.resolve("output"), work.resolve("tmp"));
            result.time("process", System.nanoTime() - t1);
            long t2 = System.nanoTime();
            String l2aName = l2a.product().getFileName().toString();
            S3Location target = outputRoot.resolve(l2aName + "/");
            transfers.uploadTree(out, target.bucket(), target.key(), l2a.product());
            // the product's STAC item next to it, written once the product is complete, and its JPEG thumbnail
            String l2aId = l2aName.replaceFirst("\\.SAFE$", "");
            S3Location item = outputRoot.resolve(l2aId + ".json");
            StacItems.Thumbnail thumbnail = uploadThumbnail(out, l2a.product(), outputRoot.resolve(l2aId + ".jpg"));
            String namespace = env.getOrDefault(RunnerContract.JOB_NAMESPACE, "default");
            String job = env.getOrDefault(RunnerContract.JOB_NAME, "sen2corjob");
            var itemNode = StacItems.item(l2a.product(), l2a.metadata(), l2a.version().orElse(null), new StacItems.Place(
                    target.toString(), item.toString(), StacCatalog.id(namespace, job),
                    env.getOrDefault(RunnerContract.CATALOG_URI, outputRoot.resolve(RunnerContract.JOB_CATALOG).toString()),
                    product, l1c.origin(), sourceItem(product), thumbnail), Instant.now());
            String itemJson = itemNode.toPrettyString();
            out.putObject(r -> r.bucket(item.bucket()).key(item.key()).contentType("application/geo+json"),
                    RequestBody.fromString(itemJson));
            result.time("upload", System.nanoTime() - t2);
            result.put("status", RunnerContract.RESULT_SUCCEEDED).put("l2aProduct", target.toString())
                    .put("stacItem", item.toString()).put("sen2corVersion", l2a.version().orElse(null))
                    // what the job's STAC collection needs for its extent, without reading every item again
                    .put("stacItemBbox", itemNode.get("bbox"))
                    .put("stacItemDatetime", itemNode.path("properties").path("datetime").asText(null))
                    .put("provenance", Provenance.of(l2a, gippAt.toString(), gippBytes, settings, transfers.downloaded(),
                            l1c.origin(), fingerprint));
            log.println("[" + product + "] uploaded " + l2aName + " to " + target);
        } catch (RunnerFailure f) {
            exit = failed(f.exitCode(), "[" + product + "] failed (exit " + f.exitCode() + "): ", f.getMessage());
            result.put("status", RunnerContract.RESULT_FAILED).put("error", f.getMessage()).put("retryable", f.retryable());
        }
        // what the attempt cost: its wall time on the vCPUs the job definition or pod reserved for it
        result.usage(System.nanoTime() - started, settings.threads());
        result.put("exitCode", exit).put("finishedAt", Instant.now().toString())
                .put("bytesDownloaded", transfers.bytesDownloaded()).put("bytesUploaded", transfers.bytesUploaded())
                .put("filesAlreadyLocal", transfers.filesSkipped());
        try {
            out.putObject(r -> r.bucket(resultAt.bucket()).key(resultAt.key()).contentType("application/json"),
                    RequestBody.fromString(result.toJson()));
        } catch (RuntimeException e) {
            return failed(RunnerContract.EXIT_RETRYABLE, "[" + product + "] ", "could not write " + resultAt + ": " + e.getMessage());
        }
        // downloads help a retry only where the work dir persists; elsewhere free the disk now (a Batch instance's
        // containers share its disk until the attempt's container is removed)
        if (exit != RunnerContract.EXIT_RETRYABLE || !settings.workDirPersists()) {
            delete(work);
        }
        return exit;
    }

    /** The scene at line offset + index of the manifest. */
    private String product(RunnerSettings settings, S3Client out) {
        List<String> scenes = manifest(settings, out);
        if (settings.sceneIndex() < 0 || settings.sceneIndex() >= scenes.size()) {
            throw new RunnerFailure(RunnerContract.EXIT_CONFIG, "scene index " + settings.sceneIndex() + " is outside the manifest ("
                    + scenes.size() + " scenes)");
        }
        String product = scenes.get(settings.sceneIndex());
        if (!product.matches(RunnerContract.L1C_PRODUCT_ID)) {
            throw new RunnerFailure(RunnerContract.EXIT_CONFIG, "manifest line is not an L1C product id: " + product);
        }
        return product;
    }

    /** The manifest's scenes (s3:// in the output store, or a mounted file://). */
    private static List<String> manifest(RunnerSettings settings, S3Client out) {
        List<String> lines;
        if (settings.manifestUri().startsWith("file:")) {
            try {
                lines = localManifest(Path.of(URI.create(settings.manifestUri())));
            } catch (IOException e) {
                throw new RunnerFailure(RunnerContract.EXIT_CONFIG, "cannot read manifest " + settings.manifestUri(), e);
            }
        } else {
            S3Location at = S3Location.parse(settings.manifestUri());
            try {
                lines = out.getObjectAsBytes(r -> r.bucket(at.bucket()).key(at.key())).asUtf8String().lines().toList();
            } catch (NoSuchKeyException e) {
                throw new RunnerFailure(RunnerContract.EXIT_CONFIG, "manifest " + at + " does not exist", e);
            }
        }
        return lines.stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    /**
     * A mounted manifest: a file of ids one per line, gzip'd when its name ends in {@code .gz} (a split round's
     * ConfigMaps); or a directory of such files read in name order as one list (a kept selection's parts).
     */
    static List<String> localManifest(Path manifest) throws IOException {
        if (!Files.isDirectory(manifest)) {
            if (!manifest.getFileName().toString().endsWith(".gz")) {
                return Files.readAllLines(manifest);
            }
            try (var in = new GZIPInputStream(Files.newInputStream(manifest))) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            }
        }
        List<Path> files;
        try (Stream<Path> listed = Files.list(manifest)) {
            // the kubelet's projected files are links into a hidden ..data directory: skip hidden entries
            files = listed.filter(f -> !f.getFileName().toString().startsWith(".")).sorted().toList();
        }
        List<String> lines = new ArrayList<>();
        for (Path file : files) {
            lines.addAll(localManifest(file));
        }
        return lines;
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new RunnerFailure(RunnerContract.EXIT_CONFIG, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The product's preview (QI_DATA/..._PVI.jp2) as a JPEG at {@code target}, or null when there is none to make. */
    private static StacItems.Thumbnail uploadThumbnail(S3Client out, Path product, S3Location target) {
        Optional<Path> preview;
        try (Stream<Path> files = Files.walk(product.resolve("GRANULE"), 3)) {
            preview = files.filter(f -> f.getFileName().toString().endsWith("_PVI.jp2")).findFirst();
        } catch (IOException e) {
            return null;
        }
        Optional<byte[]> jpeg = preview.flatMap(Thumbnails::jpegOf);
        if (jpeg.isEmpty()) {
            return null;
        }
        out.putObject(r -> r.bucket(target.bucket()).key(target.key()).contentType("image/jpeg"), RequestBody.fromBytes(jpeg.get()));
        return new StacItems.Thumbnail(target.toString(), jpeg.get().length, Sha256.of(jpeg.get()));
    }

    /** The scene's L1C STAC item, when the operator selected it from a catalogue that names items by rule. */
    private String sourceItem(String product) {
        String template = env.get(RunnerContract.SOURCE_ITEMS);
        return template == null || template.isBlank() ? null : SourceItems.expand(template, product);
    }

    private boolean keepAny() {
        return RunnerContract.KEEP_ANY.equals(env.get(RunnerContract.KEEP_EXISTING));
    }

    private static boolean existingSuccess(S3Client out, S3Location result, String settings, boolean keepAny) {
        try {
            return SceneResult.reusable(out.getObjectAsBytes(r -> r.bucket(result.bucket()).key(result.key())).asUtf8String(),
                    settings, keepAny);
        } catch (NoSuchKeyException e) {
            return false;
        }
    }

    private static L1CSource source(RunnerSettings s, S3Client in, S3Transfers transfers) {
        return switch (s.sourceType()) {
            case "awsL1C" -> new AwsL1CSource(in, s.sourceBucket(), s.requesterPays(), transfers);
            case "s3Safe" -> new S3SafeSource(in, s.sourceBucket(), s.sourcePrefix(), s.requesterPays(), transfers);
            case "s3Zip" -> new S3ZipSource(in, s.sourceBucket(), s.sourcePrefix(), s.requesterPays(), transfers);
            default -> throw new RunnerFailure(RunnerContract.EXIT_CONFIG, "unknown source type " + s.sourceType());
        };
    }

    /** The client of a store: its endpoint (none: AWS), and keys from {@code <prefix>AWS_ACCESS_KEY_ID} if given. */
    private S3Client client(Optional<String> endpoint, String region, String credentialsPrefix) {
        String key = env.get(credentialsPrefix + "AWS_ACCESS_KEY_ID");
        String secret = env.get(credentialsPrefix + "AWS_SECRET_ACCESS_KEY");
        AwsCredentialsProvider credentials = key != null && secret != null
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(key, secret)) : null;
        return RunnerS3.client(region, endpoint.map(URI::create), credentials);
    }

    private static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
