package io.sen2cor.operator.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * A real node for the local control plane: the kubelet of the same Kubernetes release (built by
 * build-control-plane.sh) on Debian's containerd and runc, pods networked by Debian's CNI bridge plugin on a bridge of
 * this machine's own (10.244.77.0/24, no default route, no masquerading: pods reach only the bridge's own address,
 * where {@link #forward} exposes a loopback service). Images come from the container tier's Docker engine (docker
 * save, ctr import); the pause image is compiled from the release's pause.c by real-node.sh. The node carries the
 * labels and taint given, so only pods meant for it land there.
 *
 * <p>This sandbox does not let root lower oom_score_adj, which runc does for the pod sandbox (-998): containerd runs
 * with restrict_oom_score_adj. The machine has cgroup v1, which kubelet 1.37 refuses by default: failCgroupV1 false.
 */
public final class RealNode implements AutoCloseable {

    public static final String NAME = "sen2cor-real-node";
    public static final String BRIDGE = "s2cbr0";
    public static final String GATEWAY = "10.244.77.1";

    private final Path dir;
    private final List<Process> processes = new ArrayList<>();
    private final List<ServerSocket> forwards = new ArrayList<>();
    private Path containerdSocket;

    private RealNode(Path dir) {
        this.dir = dir;
    }

    /** Starts containerd and the kubelet, imports {@code images} from the Docker engine, waits for the node to be Ready. */
    public static RealNode start(LocalControlPlane cluster, DockerEngine docker, Map<String, String> labels, Taint taint,
            List<String> images) throws IOException, InterruptedException {
        Path script = Projects.dir().resolve("src/scripts/real-node.sh");
        Process prepare = new ProcessBuilder("bash", script.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String[] out = new String(prepare.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip().split("\\s+");
        if (prepare.waitFor() != 0 || out.length != 2) {
            throw new IllegalStateException("container tier: " + script + " failed; see its message above");
        }
        Path cniBin = Path.of(out[0]);
        Path pause = Path.of(out[1]);
        // short: containerd's socket path must fit a unix socket name
        RealNode node = new RealNode(Files.createTempDirectory(Path.of("/tmp"), "s2c-node"));
        try {
            node.launch(cluster, docker, cniBin, pause, labels, taint, images);
        } catch (IOException | InterruptedException | RuntimeException e) {
            // the node's directory goes with close(): keep what its logs said in the failure
            String tails = "\nkubelet log tail:\n" + node.tail("kubelet") + "\ncontainerd log tail:\n" + node.tail("containerd");
            node.close();
            e.addSuppressed(new IllegalStateException(tails));
            throw e;
        }
        return node;
    }

    private void launch(LocalControlPlane cluster, DockerEngine docker, Path cniBin, Path pause, Map<String, String> labels,
            Taint taint, List<String> images) throws IOException, InterruptedException {
        Path cniConf = Files.createDirectories(dir.resolve("cni"));
        Files.writeString(cniConf.resolve("10-sen2cor.conflist"), """
                {"cniVersion": "1.0.0", "name": "sen2cor-test", "plugins": [
                  {"type": "bridge", "bridge": "%s", "isGateway": true, "isDefaultGateway": false, "ipMasq": false,
                   "ipam": {"type": "host-local", "ranges": [[{"subnet": "10.244.77.0/24", "gateway": "%s"}]], "routes": [],
                            "dataDir": "%s"}},
                  {"type": "loopback"}]}
                """.formatted(BRIDGE, GATEWAY, dir.resolve("cni-ipam")));
        // the bridge with its address exists before the first pod, so the forwards can bind to it
        sh("ip link add " + BRIDGE + " type bridge 2>/dev/null || true; ip addr replace " + GATEWAY + "/24 dev " + BRIDGE
                + " && ip link set " + BRIDGE + " up");
        containerdSocket = dir.resolve("containerd.sock");
        Files.writeString(dir.resolve("containerd.toml"), """
                version = 2
                root = "%1$s/containerd/root"
                state = "%1$s/containerd/state"
                [grpc]
                  address = "%2$s"
                [plugins."io.containerd.grpc.v1.cri"]
                  sandbox_image = "sen2cor.local/pause:local"
                  restrict_oom_score_adj = true
                  [plugins."io.containerd.grpc.v1.cri".containerd]
                    snapshotter = "overlayfs"
                    default_runtime_name = "runc"
                    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
                      runtime_type = "io.containerd.runc.v2"
                  [plugins."io.containerd.grpc.v1.cri".cni]
                    bin_dir = "%3$s"
                    conf_dir = "%4$s"
                """.formatted(dir, containerdSocket, cniBin, cniConf));
        spawn("containerd", List.of("containerd", "--config", dir.resolve("containerd.toml").toString()));
        await(Duration.ofSeconds(30), () -> Files.exists(containerdSocket), "containerd's socket");

        // pause: a one-file image from the compiled binary; then the images the test runs
        Path pauseContext = Files.createDirectories(dir.resolve("pause-image"));
        Files.copy(pause, pauseContext.resolve("pause"));
        Files.writeString(pauseContext.resolve("Dockerfile"), "FROM scratch\nCOPY pause /pause\nUSER 65535:65535\nENTRYPOINT [\"/pause\"]\n");
        docker.dockerOk(120, "build", "--network", "none", "-t", "sen2cor.local/pause:local", pauseContext.toString());
        List<String> all = new ArrayList<>(List.of("sen2cor.local/pause:local"));
        all.addAll(images);
        for (String image : all) {
            Path tar = dir.resolve(image.replaceAll("[^A-Za-z0-9.-]", "_") + ".tar");
            docker.dockerOk(300, "save", "-o", tar.toString(), image);
            sh("ctr --address " + containerdSocket + " -n k8s.io images import " + tar + " >/dev/null && rm " + tar);
        }

        Files.writeString(dir.resolve("kubelet.yaml"), """
                apiVersion: kubelet.config.k8s.io/v1beta1
                kind: KubeletConfiguration
                failCgroupV1: false
                cgroupDriver: cgroupfs
                containerRuntimeEndpoint: unix://%s
                address: 127.0.0.1
                port: %d
                readOnlyPort: 0
                healthzBindAddress: 127.0.0.1
                healthzPort: %d
                failSwapOn: false
                authentication: {anonymous: {enabled: false}, webhook: {enabled: false}}
                authorization: {mode: AlwaysAllow}
                resolvConf: ""
                enforceNodeAllocatable: []
                evictionHard: {"memory.available": "100Mi", "nodefs.available": "1%%", "imagefs.available": "1%%"}
                imageGCHighThresholdPercent: 100
                imageGCLowThresholdPercent: 99
                registerWithTaints: [{key: "%s", value: "%s", effect: "%s"}]
                """.formatted(containerdSocket, MotoServer.freePort(), MotoServer.freePort(), taint.getKey(),
                taint.getValue(), taint.getEffect()));
        StringBuilder nodeLabels = new StringBuilder();
        labels.forEach((k, v) -> nodeLabels.append(nodeLabels.isEmpty() ? "" : ",").append(k).append('=').append(v));
        spawn("kubelet", List.of(cluster.bin().resolve("kubelet").toString(), "--kubeconfig", cluster.kubeconfig().toString(),
                "--config", dir.resolve("kubelet.yaml").toString(), "--root-dir", dir.resolve("kubelet").toString(),
                "--hostname-override", NAME, "--node-ip", "127.0.0.1", "--node-labels", nodeLabels.toString()));
        cluster.ensureScheduler();
        try (KubernetesClient client = cluster.client()) {
            await(Duration.ofSeconds(90), () -> {
                var n = client.nodes().withName(NAME).get();
                return n != null && n.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
            }, "node " + NAME + " to be Ready (kubelet log: " + dir.resolve("kubelet.log") + ")");
        }
    }

    /**
     * Exposes a loopback service (moto on 127.0.0.1) to this node's pods at the bridge's own address: a TCP
     * forwarder bound to {@link #GATEWAY}. Returns the address pods use.
     */
    public URI forward(URI loopback) throws IOException {
        ServerSocket server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getByName(GATEWAY), 0));
        forwards.add(server);
        Thread accept = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket in = server.accept();
                    Socket out = new Socket(loopback.getHost(), loopback.getPort());
                    pipe(in, out);
                    pipe(out, in);
                } catch (IOException e) {
                    // closed
                }
            }
        }, "real-node-forward");
        accept.setDaemon(true);
        accept.start();
        return URI.create("http://" + GATEWAY + ":" + server.getLocalPort());
    }

    private static void pipe(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException e) {
                // the other side closed
            } finally {
                try {
                    to.shutdownOutput();
                } catch (IOException e) {
                    // already closed
                }
            }
        }, "real-node-pipe");
        t.setDaemon(true);
        t.start();
    }

    public String log(String process) {
        try {
            return Files.readString(dir.resolve(process + ".log"));
        } catch (IOException e) {
            return "";
        }
    }

    /** The last 40 lines of a process's log (kubelet, containerd). */
    public String tail(String process) {
        List<String> lines = log(process).lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private void spawn(String name, List<String> command) throws IOException {
        processes.add(new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile()).start());
    }

    private static void sh(String command) {
        Command.Result r = Command.run(List.of("bash", "-c", command), Map.of(), 300);
        if (r.exitCode() != 0) {
            throw new IllegalStateException("`" + command + "` failed: " + r.output());
        }
    }

    private interface Check {
        boolean ok() throws Exception;
    }

    private static void await(Duration limit, Check check, String what) throws InterruptedException {
        Instant deadline = Instant.now().plus(limit);
        while (Instant.now().isBefore(deadline)) {
            try {
                if (check.ok()) {
                    return;
                }
            } catch (Exception e) {
                // not yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("timed out waiting for " + what);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        for (ServerSocket s : forwards) {
            s.close();
        }
        // kubelet first, then containerd; the pods' containers go with containerd's shims
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process p = processes.get(i);
            p.destroy();
            if (!p.waitFor(15, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        processes.clear();
        // what the runtime leaves: shims (they outlive containerd), mounts under the node's folder, the bridge
        for (String step : List.of(
                "pkill -f '[c]ontainerd-shim-runc-v2 -namespace k8s.io -address " + containerdSocket + "'",
                "grep ' " + dir + "' /proc/mounts | awk '{print $2}' | sort -r | xargs -r umount -l",
                "ip link del " + BRIDGE,
                "rm -rf " + dir)) {
            try {
                sh(step + " || true");
            } catch (IllegalStateException e) {
                // best effort: the next step still runs
            }
        }
    }
}
