package io.sen2cor.operator.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Kueue's own manager (built from its Go module by src/scripts/build-kueue.sh) against the local control plane, with
 * its CRDs and the batch/job integration: the real admission, partial admission, quota and eviction the Kubernetes
 * backend meets in clusters that run Kueue. Its webhooks are served but not registered with the API server (they
 * would need a Service), so Jobs are defaulted by the operator, not by Kueue's mutating webhook; the operator creates
 * its Jobs suspended and labelled, as that webhook would make them.
 *
 * <p>Kueue reads its metrics certificate from a fixed path under /etc; it runs in a mount namespace of its own where
 * /etc is a directory of the test's (the API server's self-signed certificate, and hosts), so nothing on the machine
 * is written. Started once per control plane and stopped with it.
 */
public final class LocalKueue {

    private static LocalControlPlane startedOn;

    private LocalKueue() {
    }

    public static synchronized void ensure(LocalControlPlane cluster) {
        if (startedOn == cluster) {
            return;
        }
        Path kueue = build();
        Kubectl.Result crds = cluster.kubectl("apply", "--server-side", "-f", kueue.resolve("crds").toString());
        if (crds.exitCode() != 0) {
            throw new IllegalStateException("Kueue CRDs refused: " + crds.output());
        }
        cluster.kubectl("wait", "--for=condition=Established", "--timeout=60s", "crd/workloads.kueue.x-k8s.io",
                "crd/localqueues.kueue.x-k8s.io", "crd/clusterqueues.kueue.x-k8s.io", "crd/resourceflavors.kueue.x-k8s.io");
        cluster.kubectl("create", "namespace", "kueue-system");
        try {
            Path dir = Files.createDirectories(cluster.dir().resolve("kueue"));
            Path etc = Files.createDirectories(dir.resolve("etc"));
            Path certs = Files.createDirectories(etc.resolve("kueue/metrics/certs"));
            Files.copy(cluster.dir().resolve("certs/apiserver.crt"), certs.resolve("tls.crt"));
            Files.copy(cluster.dir().resolve("certs/apiserver.key"), certs.resolve("tls.key"));
            Files.writeString(etc.resolve("hosts"), "127.0.0.1 localhost\n");
            int health = MotoServer.freePort();
            Path config = dir.resolve("config.yaml");
            Files.writeString(config, """
                    apiVersion: config.kueue.x-k8s.io/v1beta2
                    kind: Configuration
                    namespace: kueue-system
                    health: {healthProbeBindAddress: "127.0.0.1:%d"}
                    metrics: {bindAddress: "127.0.0.1:%d"}
                    webhook: {host: 127.0.0.1, port: %d, certDir: %s}
                    leaderElection: {leaderElect: false}
                    internalCertManagement: {enable: false}
                    integrations: {frameworks: ["batch/job"]}
                    """.formatted(health, MotoServer.freePort(), MotoServer.freePort(), certs));
            cluster.start("kueue", List.of("unshare", "--mount", "--propagation", "private", "--", "sh", "-c",
                    "mount --bind \"$0\" /etc && exec \"$1\" --config \"$2\" --kubeconfig \"$3\" "
                            + "--feature-gates=VisibilityOnDemand=false --zap-log-level=2",
                    etc.toString(), kueue.resolve("bin/kueue").toString(), config.toString(), cluster.kubeconfig().toString()));
            awaitReady(health, cluster.dir().resolve("kueue.log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        startedOn = cluster;
    }

    /**
     * A ResourceFlavor, a ClusterQueue with {@code cpu} and {@code memory} of quota for it, and a LocalQueue of
     * {@code localQueue} in {@code namespace} pointing to it; applied again, the quota changes.
     */
    public static void queue(LocalControlPlane cluster, String clusterQueue, String cpu, String memory, String namespace,
            String localQueue) {
        queue(cluster, clusterQueue, cpu, memory, namespace, localQueue, null);
    }

    /** The same, the ClusterQueue admitting through {@code admissionCheck} when not null. */
    public static void queue(LocalControlPlane cluster, String clusterQueue, String cpu, String memory, String namespace,
            String localQueue, String admissionCheck) {
        Path yaml;
        try {
            yaml = Files.createTempFile("kueue-queue", ".yaml");
            Files.writeString(yaml, """
                    apiVersion: kueue.x-k8s.io/v1beta2
                    kind: ResourceFlavor
                    metadata: {name: default-flavor}
                    ---
                    apiVersion: kueue.x-k8s.io/v1beta2
                    kind: ClusterQueue
                    metadata: {name: %s}
                    spec:
                      namespaceSelector: {}
                      resourceGroups:
                      - coveredResources: [cpu, memory, ephemeral-storage]
                        flavors:
                        - name: default-flavor
                          resources:
                          - {name: cpu, nominalQuota: "%s"}
                          - {name: memory, nominalQuota: "%s"}
                          - {name: ephemeral-storage, nominalQuota: 10Ti}
                    %s
                    ---
                    apiVersion: kueue.x-k8s.io/v1beta2
                    kind: LocalQueue
                    metadata: {name: %s, namespace: %s}
                    spec: {clusterQueue: %s}
                    """.formatted(clusterQueue, cpu, memory, admissionCheck == null ? ""
                            : "  admissionChecksStrategy: {admissionChecks: [{name: " + admissionCheck + "}]}",
                            localQueue, namespace, clusterQueue));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Kubectl.Result applied = cluster.kubectl("apply", "--server-side", "--force-conflicts", "-f", yaml.toString());
        if (applied.exitCode() != 0) {
            throw new IllegalStateException("Kueue queue refused: " + applied.output());
        }
    }

    private static void awaitReady(int healthPort, Path log) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        Instant until = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(until)) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + healthPort + "/readyz"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        String tail;
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            tail = String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            tail = "(no log: " + e.getMessage() + ")";
        }
        throw new IllegalStateException("Kueue did not become ready within 60 s; its log ends:\n" + tail);
    }

    /** Kueue's binary and CRDs, building them first if needed (minutes, once per machine). */
    static Path build() {
        Path script = Projects.dir().resolve("src/scripts/build-kueue.sh");
        try {
            Process p = new ProcessBuilder("bash", script.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.waitFor() != 0 || out.isEmpty()) {
                throw new IllegalStateException("Kueue tests: " + script + " failed (exit " + p.exitValue() + ")");
            }
            return Path.of(out.lines().reduce((a, b) -> b).orElseThrow());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("Kueue tests: could not run " + script + ": " + e.getMessage(), e);
        }
    }
}
