package io.sen2cor.operator.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The packaged operator (target/quarkus-app, prod profile: leader election, server-side apply) as its own process
 * against a local control plane and an AWS endpoint (moto, usually behind {@link FaultInjectingProxy}). Reads what
 * a platform team would: the process's resident memory from /proc and the Prometheus metrics at /q/metrics.
 * Closing it kills the process with SIGKILL, as a node failure would.
 */
public final class PackagedOperator implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final int httpPort;
    private final Path log;

    private PackagedOperator(Process process, int httpPort, Path log) {
        this.process = process;
        this.httpPort = httpPort;
        this.log = log;
    }

    public static Path jar() {
        return Projects.dir().resolve("target/quarkus-app/quarkus-run.jar");
    }

    /**
     * Starts the operator; {@code settings} are extra environment variables (Quarkus config such as
     * SEN2COR_AWS_POLL_INTERVAL), {@code jvmOptions} go before -jar. Output is appended to {@code log}.
     */
    public static PackagedOperator start(LocalControlPlane cluster, URI awsEndpoint, Path log, Map<String, String> settings,
            List<String> jvmOptions) throws IOException {
        List<String> command = new ArrayList<>();
        // -Dbench.java: another Java runtime for the operator (e.g. a newer LTS, to measure what it changes)
        command.add(System.getProperty("bench.java", Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar().toString()));
        int port = MotoServer.freePort();
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        var env = pb.environment();
        env.put("KUBECONFIG", cluster.kubeconfig().toString());
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        env.put("SEN2COR_AWS_ENDPOINT_OVERRIDE", awsEndpoint.toString());
        env.put("AWS_ACCESS_KEY_ID", "testing");
        env.put("AWS_SECRET_ACCESS_KEY", "testing");
        env.put("AWS_REGION", "eu-central-1");
        env.put("QUARKUS_OPERATOR_SDK_LEADER_ELECTION_LEASE_NAMESPACE", "default");
        env.putAll(settings);
        return new PackagedOperator(pb.start(), port, log);
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    /** Peak resident set size of the process so far (VmHWM), in MiB. */
    public double peakRssMiB() {
        return procStatusKiB("VmHWM:") / 1024.0;
    }

    /** Resident set size now (VmRSS), in MiB. */
    public double rssMiB() {
        return procStatusKiB("VmRSS:") / 1024.0;
    }

    private long procStatusKiB(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            return 0; // the process has ended
        }
        return 0;
    }

    /** The Prometheus text at /q/metrics; empty while the server is not up. */
    public String metricsText() {
        try {
            var response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/q/metrics"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** Every Prometheus series at /q/metrics, keyed by name with its labels; empty while the server is not up. */
    public Map<String, Double> metrics() {
        Map<String, Double> series = new LinkedHashMap<>();
        metricsText().lines().filter(l -> !l.isBlank() && !l.startsWith("#")).forEach(l -> {
            int split = l.lastIndexOf(' ');
            series.put(l.substring(0, split), Double.parseDouble(l.substring(split + 1)));
        });
        return series;
    }

    /** The sum of the series named {@code name} whose labels contain every {@code key="value"} given. */
    public static double sum(Map<String, Double> metrics, String name, String... labels) {
        return metrics.entrySet().stream().filter(e -> e.getKey().equals(name) || e.getKey().startsWith(name + "{"))
                .filter(e -> List.of(labels).stream().allMatch(e.getKey()::contains))
                .mapToDouble(Map.Entry::getValue).sum();
    }

    /** SIGKILL: no shutdown hook, no lease release, no status flush. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM, as Kubernetes stops a pod (the JVM's exit work runs, e.g. writing a CDS archive), SIGKILL after 20 s. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
            kill();
        }
    }
}
