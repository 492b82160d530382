package io.sen2cor.operator.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

import io.sen2cor.operator.aws.AwsClientPool;
import io.sen2cor.operator.aws.AwsClients;

/**
 * A moto server (a real AWS API emulator, not AWS) on a free 127.0.0.1 port, installed by
 * src/scripts/install-moto.sh into a cached venv. One per test JVM; stopped by a shutdown hook.
 * Batch runs without Docker: jobs go SUBMITTED to SUCCEEDED inside SubmitJob, no container runs.
 */
public final class MotoServer {

    public static final String REGION = "eu-central-1";
    private static MotoServer instance;
    private static MotoServer failing;
    private static Path installed;

    private final Process process;
    private final URI endpoint;
    private final HttpClient http = HttpClient.newHttpClient();

    private MotoServer(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    /** The shared server, installed and started on first use. Fails (never skips) when moto cannot run. */
    public static synchronized MotoServer get() {
        if (instance == null) {
            instance = start(Map.of());
            Runtime.getRuntime().addShutdownHook(new Thread(instance::stop));
        }
        return instance;
    }

    /**
     * A second server whose Batch jobs all end FAILED at once ({@code MOTO_SIMPLE_BATCH_FAIL_AFTER=0}), for failure
     * tests; reset it yourself.
     */
    public static synchronized MotoServer failing() {
        if (failing == null) {
            failing = start(Map.of("MOTO_SIMPLE_BATCH_FAIL_AFTER", "0"));
            Runtime.getRuntime().addShutdownHook(new Thread(failing::stop));
        }
        return failing;
    }

    public URI endpoint() {
        return endpoint;
    }

    /** Clients aimed at this server with dummy credentials (moto accepts any). */
    public AwsClients clients() {
        return new AwsClients(REGION, Optional.of(endpoint),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")));
    }

    /** The operator's client pool aimed at this server, with dummy credentials and the given interceptors. */
    public AwsClientPool pool(ExecutionInterceptor... interceptors) {
        return new AwsClientPool(Optional.of(endpoint),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")), interceptors);
    }

    /** Forgets every resource (the Batch no-Docker setting survives a reset). */
    public void reset() {
        post("/moto-api/reset", "");
    }

    /** The venv's moto_server, installed by src/scripts/install-moto.sh on first use (cached between runs). */
    public static synchronized Path installedServer() {
        if (installed == null) {
            installed = install();
        }
        return installed;
    }

    private static Path install() {
        Path project = Projects.dir();
        Path script = project.resolve("src/scripts/install-moto.sh");
        try {
            Process install = new ProcessBuilder("bash", script.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String motoServer = new String(install.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (install.waitFor() != 0 || motoServer.isEmpty()) {
                throw new IllegalStateException("AWS test tier: " + script + " could not install moto (exit "
                        + install.exitValue() + "); see its message above. The tier needs python3 with venv and pip.");
            }
            return Path.of(motoServer);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("AWS test tier: could not run " + script + ": " + e.getMessage(), e);
        }
    }

    private static MotoServer start(Map<String, String> environment) {
        String motoServer = installedServer().toString();
        int port = freePort();
        try {
            Path log = Files.createTempFile("moto-server", ".log");
            ProcessBuilder builder = new ProcessBuilder(motoServer, "-H", "127.0.0.1", "-p", String.valueOf(port))
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            MotoServer server = new MotoServer(process, URI.create("http://127.0.0.1:" + port));
            server.awaitReady(log);
            String config = server.post("/moto-api/config", "{\"batch\":{\"use_docker\":false}}");
            if (!config.replace(" ", "").contains("\"batch\":{\"use_docker\":false}")) {
                throw new IllegalStateException("moto did not turn off Docker for Batch: " + config);
            }
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("AWS test tier: could not start " + motoServer + ": " + e.getMessage(), e);
        }
    }

    private void awaitReady(Path log) throws IOException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("moto_server exited: " + Files.readString(log));
            }
            if (Http.answers200(http, HttpRequest.newBuilder(endpoint.resolve("/moto-api/data.json")).GET().build())) {
                return;
            }
            if (Thread.currentThread().isInterrupted()) {
                break;
            }
            Http.sleep(200);
        }
        stop();
        throw new IllegalStateException("moto_server did not answer on " + endpoint + " within 60 s: " + Files.readString(log));
    }

    private String post(String path, String body) {
        try {
            var response = http.send(HttpRequest.newBuilder(endpoint.resolve(path))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json").build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("moto " + path + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("moto " + path + " failed: " + e.getMessage(), e);
        }
    }

    private void stop() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

}
