package io.sen2cor.operator.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * Both images, built once per test JVM from the repository's Dockerfiles exactly as the README tells users to, with
 * two test-only build arguments: the offline Debian base image (no registry is reachable) and, for the runner, a
 * stand-in Sen2Cor installer that lays out the tree the real installer does (bin/L2A_Process is the labelled stand-in
 * of src/test/resources/runner/fake-L2A_Process.sh; a default L2A_GIPP.xml; aux_data/). Run after packaging.
 */
public final class ContainerImages {

    public static final String OPERATOR = "sen2cor-operator:test";
    public static final String RUNNER = "sen2cor-runner:test";
    private static boolean built;
    private static String report = "";

    private ContainerImages() {
    }

    /** Builds both (at most once per JVM) and returns the engine. */
    public static synchronized DockerEngine build() {
        DockerEngine docker = DockerEngine.get();
        if (built) {
            return docker;
        }
        long start = System.nanoTime();
        String base = docker.baseImage();
        long baseDone = System.nanoTime();
        String installer = standInInstaller();
        docker.dockerOk(600, "build", "--network", "none", "-f", "src/main/docker/operator.Dockerfile",
                "--build-arg", "BASE_IMAGE=" + base, "-t", OPERATOR, ".");
        docker.dockerOk(600, "build", "--network", "none", "-f", "src/main/docker/runner.Dockerfile",
                "--build-arg", "BASE_IMAGE=" + base, "--build-arg", "SEN2COR_INSTALLER=" + installer, "-t", RUNNER, ".");
        long end = System.nanoTime();
        // the engine's data root is cached between runs: drop the layers earlier builds of these tags left behind
        docker.docker(120, "image", "prune", "--force");
        report = String.format("container images: base %s %.0f MiB (%.0f s to make or find), operator %.0f MiB, runner %.0f MiB "
                + "(%.0f s to build both)", base, docker.imageSizeMiB(base), (baseDone - start) / 1e9,
                docker.imageSizeMiB(OPERATOR), docker.imageSizeMiB(RUNNER), (end - baseDone) / 1e9);
        System.out.println(report);
        built = true;
        return docker;
    }

    public static String report() {
        return report;
    }

    /** target/container-test/stand-in-sen2cor.run, inside the build context; its path relative to the repository. */
    static String standInInstaller() {
        Path project = Projects.dir();
        Path file = project.resolve("target/container-test/stand-in-sen2cor.run");
        try {
            String l2a = b64(project.resolve("src/test/resources/runner/fake-L2A_Process.sh"));
            String gipp = b64(project.resolve("src/test/resources/runner/L2A_GIPP.xml"));
            String metadata = b64(project.resolve("src/test/resources/runner/MTD_MSIL2A.template.xml"));
            String script = """
                    #!/usr/bin/env bash
                    # STAND-IN for Sen2Cor's Linux installer, for the container tests only: it installs no Sen2Cor. It lays
                    # out the tree the real installer does under --target: bin/L2A_Process (the test stand-in, which checks
                    # the .SAFE and writes a tiny L2A product), the default L2A_GIPP.xml and an aux_data folder.
                    set -euo pipefail
                    target=""
                    while [ $# -gt 0 ]; do case "$1" in --target) target="$2"; shift 2;; *) shift;; esac; done
                    [ -n "$target" ] || { echo "usage: $0 --target DIR" >&2; exit 1; }
                    pkg="$target/lib/python2.7/site-packages/sen2cor"
                    mkdir -p "$target/bin" "$pkg/cfg" "$pkg/aux_data"
                    echo '%s' | base64 -d > "$target/bin/L2A_Process"
                    echo '%s' | base64 -d > "$pkg/cfg/L2A_GIPP.xml"
                    echo '%s' | base64 -d > "$target/bin/MTD_MSIL2A.template.xml"
                    chmod 755 "$target/bin/L2A_Process"
                    """.formatted(l2a, gipp, metadata);
            Files.createDirectories(file.getParent());
            Files.writeString(file, script);
            return project.relativize(file).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String b64(Path file) throws IOException {
        return Base64.getEncoder().encodeToString(Files.readAllBytes(file));
    }
}
