package io.sen2cor.operator.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/**
 * A real Kubernetes control plane on 127.0.0.1, built from Go modules by src/scripts/build-control-plane.sh and
 * cached outside the repository: etcd, kube-apiserver (token auth, RBAC, service account keys) and
 * kube-controller-manager (garbage collection, namespace and Job controllers); on request kube-scheduler and kwok
 * with a simulated node ({@link #addKwokNode}). Free ports, a temp data dir, a
 * kubeconfig; everything it started is stopped by pid in {@link #close()}. One per test JVM via {@link #get()}.
 * A control plane that cannot be built or started fails the tier with the reason; it never skips.
 */
public final class LocalControlPlane implements AutoCloseable {

    private static LocalControlPlane shared;

    private final Path dir;
    private final Path bin;
    private final List<Process> processes = new ArrayList<>();
    private final String token = UUID.randomUUID().toString();
    private int apiPort;
    private Path kubeconfig;
    private boolean kwokStarted;
    private boolean schedulerStarted;

    private LocalControlPlane(Path bin, Path dir) {
        this.bin = bin;
        this.dir = dir;
    }

    public static synchronized LocalControlPlane get() {
        if (shared == null) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    public static LocalControlPlane start() {
        Path bin = build();
        try {
            LocalControlPlane cp = new LocalControlPlane(bin, Files.createTempDirectory("sen2cor-control-plane"));
            // also on Ctrl-C or SIGTERM, when no finally block of the caller runs
            Runtime.getRuntime().addShutdownHook(new Thread(cp::close));
            cp.launch();
            return cp;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The cached binaries, building them first if needed (minutes, once per machine). */
    public static Path build() {
        Path script = Projects.dir().resolve("src/scripts/build-control-plane.sh");
        try {
            Process p = new ProcessBuilder("bash", script.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.waitFor() != 0 || out.isEmpty()) {
                throw new IllegalStateException("cluster test tier: " + script + " failed (exit " + p.exitValue()
                        + "); see its message above. The tier needs Go to build etcd and Kubernetes once.");
            }
            return Path.of(out.lines().reduce((a, b) -> b).orElseThrow());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("cluster test tier: could not run " + script + ": " + e.getMessage(), e);
        }
    }

    private void launch() throws IOException {
        int etcdPort = MotoServer.freePort();
        int peerPort = MotoServer.freePort();
        apiPort = MotoServer.freePort();
        Files.writeString(dir.resolve("tokens.csv"), token + ",admin,admin-uid,system:masters\n");
        writeServiceAccountKey();
        spawn("etcd", List.of(bin.resolve("etcd").toString(), "--data-dir", dir.resolve("etcd").toString(),
                "--listen-client-urls", "http://127.0.0.1:" + etcdPort, "--advertise-client-urls", "http://127.0.0.1:" + etcdPort,
                "--listen-peer-urls", "http://127.0.0.1:" + peerPort, "--initial-advertise-peer-urls", "http://127.0.0.1:" + peerPort,
                "--initial-cluster", "default=http://127.0.0.1:" + peerPort, "--log-level", "warn"));
        spawn("kube-apiserver", List.of(bin.resolve("kube-apiserver").toString(),
                "--etcd-servers", "http://127.0.0.1:" + etcdPort,
                "--bind-address", "127.0.0.1", "--advertise-address", "127.0.0.1", "--secure-port", String.valueOf(apiPort),
                "--cert-dir", dir.resolve("certs").toString(),
                "--token-auth-file", dir.resolve("tokens.csv").toString(),
                "--authorization-mode", "RBAC",
                "--service-account-issuer", "https://kubernetes.default.svc",
                "--service-account-key-file", dir.resolve("sa.pub").toString(),
                "--service-account-signing-key-file", dir.resolve("sa.key").toString(),
                "--service-cluster-ip-range", "10.96.0.0/24",
                // the default reconciler refuses a loopback advertise address; nothing in-cluster needs the endpoint
                "--endpoint-reconciler-type", "none",
                "--disable-admission-plugins", "ServiceAccount"));
        awaitReady();
        kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: local
                  cluster: {server: "%s", insecure-skip-tls-verify: true}
                users:
                - name: admin
                  user: {token: "%s"}
                contexts:
                - name: local
                  context: {cluster: local, user: admin}
                current-context: local
                """.formatted(server(), token));
        spawn("kube-controller-manager", List.of(bin.resolve("kube-controller-manager").toString(),
                "--kubeconfig", kubeconfig.toString(), "--leader-elect=false", "--secure-port=0",
                "--service-account-private-key-file", dir.resolve("sa.key").toString(),
                "--use-service-account-credentials=false", "--controllers=*,-serviceaccount-token"));
    }

    private void writeServiceAccountKey() throws IOException {
        try {
            var generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            var pair = generator.generateKeyPair();
            Files.writeString(dir.resolve("sa.key"), pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            Files.writeString(dir.resolve("sa.pub"), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private final java.util.Map<String, List<String>> commands = new java.util.HashMap<>();
    private final java.util.Map<String, Process> byName = new java.util.HashMap<>();

    private void spawn(String name, List<String> command) throws IOException {
        Path log = dir.resolve(name + ".log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        processes.add(p);
        commands.put(name, command);
        byName.put(name, p);
    }

    /**
     * Kills kube-apiserver (SIGKILL: every watch connection drops at once) and starts it again on the same port
     * and etcd, waiting until it is ready: what clients see in a control-plane upgrade or crash.
     */
    public synchronized void restartApiServer() {
        Process old = byName.get("kube-apiserver");
        try {
            old.destroyForcibly().waitFor(20, java.util.concurrent.TimeUnit.SECONDS);
            processes.remove(old);
            spawn("kube-apiserver", commands.get("kube-apiserver"));
            awaitReady();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void awaitReady() throws IOException {
        HttpClient http = HttpClient.newBuilder().sslContext(trustAll()).connectTimeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plusSeconds(90);
        while (Instant.now().isBefore(deadline)) {
            for (Process p : processes) {
                if (!p.isAlive()) {
                    close();
                    String apiserverLog = Files.readString(dir.resolve("kube-apiserver.log"));
                    throw new IllegalStateException("control plane process exited (logs in " + dir + "); kube-apiserver: "
                            + apiserverLog.substring(Math.max(0, apiserverLog.length() - 2000)));
                }
            }
            if (Http.answers200(http, HttpRequest.newBuilder(URI.create(server() + "/readyz"))
                    .header("Authorization", "Bearer " + token).GET().build())) {
                return;
            }
            if (Thread.currentThread().isInterrupted()) {
                break;
            }
            Http.sleep(200);
        }
        close();
        throw new IllegalStateException("kube-apiserver not ready within 90 s; log: " + dir.resolve("kube-apiserver.log"));
    }

    private static SSLContext trustAll() {
        try {
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, new SecureRandom());
            return ssl;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The process id of one of the control plane's processes (etcd, kube-apiserver, ...), for CPU accounting. */
    public synchronized long pid(String name) {
        return byName.get(name).pid();
    }

    public String server() {
        return "https://127.0.0.1:" + apiPort;
    }

    public Path kubeconfig() {
        return kubeconfig;
    }

    public Path bin() {
        return bin;
    }

    /**
     * A Fabric8 client with cluster-admin (system:masters) rights. Built from an empty config: no system property or
     * kubeconfig of the machine (or a mock server of another test in this JVM) can redirect it.
     */
    public KubernetesClient client() {
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(server()).withOauthToken(token)
                .withTrustCerts(true).withDisableHostnameVerification(true).withNamespace("default").build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /**
     * Adds kube-scheduler and kwok (once) and a node kwok simulates: pods scheduled there are driven through the
     * lifecycle the stages in {@code src/test/resources/kwok/stages.yaml} script; no container runs.
     */
    public synchronized void addKwokNode(String name, java.util.Map<String, String> labels) {
        try {
            if (!kwokStarted) {
                Path stages = dir.resolve("kwok-stages.yaml");
                try (var in = LocalControlPlane.class.getResourceAsStream("/kwok/stages.yaml")) {
                    Files.write(stages, in.readAllBytes());
                }
                ensureScheduler();
                spawn("kwok", List.of(bin.resolve("kwok").toString(), "--kubeconfig", kubeconfig.toString(),
                        "--manage-all-nodes=false", "--manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake",
                        "--config", stages.toString(), "--server-address", "127.0.0.1:" + MotoServer.freePort(),
                        "--node-ip", "10.0.0.1", "--cidr", "10.0.0.0/16"));
                kwokStarted = true;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (KubernetesClient client = client()) {
            client.nodes().resource(new io.fabric8.kubernetes.api.model.NodeBuilder().withNewMetadata().withName(name)
                    .withLabels(labels).addToLabels("kubernetes.io/hostname", name).addToLabels("type", "kwok")
                    .addToAnnotations("kwok.x-k8s.io/node", "fake").endMetadata()
                    .withNewStatus()
                    .addToAllocatable("cpu", new io.fabric8.kubernetes.api.model.Quantity("64"))
                    .addToAllocatable("memory", new io.fabric8.kubernetes.api.model.Quantity("512Gi"))
                    .addToAllocatable("pods", new io.fabric8.kubernetes.api.model.Quantity("110"))
                    // scene pods request their work volume as ephemeral-storage: a node without it would fit none
                    .addToAllocatable("ephemeral-storage", new io.fabric8.kubernetes.api.model.Quantity("1Ti"))
                    .addToCapacity("cpu", new io.fabric8.kubernetes.api.model.Quantity("64"))
                    .addToCapacity("memory", new io.fabric8.kubernetes.api.model.Quantity("512Gi"))
                    .addToCapacity("pods", new io.fabric8.kubernetes.api.model.Quantity("110"))
                    .addToCapacity("ephemeral-storage", new io.fabric8.kubernetes.api.model.Quantity("1Ti"))
                    .endStatus().build()).createOr(io.fabric8.kubernetes.client.dsl.NonDeletingOperation::update);
        }
    }

    /** Starts kube-scheduler once: nodes (kwok's or a real kubelet's) need it to get pods. */
    public synchronized void ensureScheduler() {
        if (schedulerStarted) {
            return;
        }
        try {
            spawn("kube-scheduler", List.of(bin.resolve("kube-scheduler").toString(), "--kubeconfig", kubeconfig.toString(),
                    "--leader-elect=false", "--secure-port=0"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        schedulerStarted = true;
    }

    /** Starts a process that belongs to this control plane: logged in its dir, stopped by {@link #close()}. */
    synchronized void start(String name, List<String> command) {
        try {
            spawn(name, command);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The control plane's working directory (logs, certificates, kubeconfig). */
    public Path dir() {
        return dir;
    }

    /** Runs the built kubectl against this control plane; returns exit code and combined output. */
    public Kubectl.Result kubectl(String... args) {
        return new Kubectl(bin.resolve("kubectl"), kubeconfig).run(args);
    }

    @Override
    public synchronized void close() {
        // SIGTERM to all at once, controllers' and etcd's alike, then SIGKILL what has not exited within 5 s: a
        // kube-apiserver whose etcd went first may otherwise wait a long time for a graceful end
        for (int i = processes.size() - 1; i >= 0; i--) {
            processes.get(i).destroy();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (Process p : processes) {
            try {
                if (!p.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        processes.clear();
    }
}
