package io.sen2cor.operator.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The container tier's Docker engine: a private dockerd (Debian's docker.io) started by src/scripts/docker-engine.sh
 * with its own data root and socket and no bridge network, so containers use the host network and every connection
 * stays on 127.0.0.1. One per test JVM; stopped at exit when this JVM started it. Fails (never skips) when the
 * engine cannot be installed or started.
 */
public final class DockerEngine {

    private static DockerEngine instance;

    private final String host;

    private DockerEngine(String host) {
        this.host = host;
    }

    public static synchronized DockerEngine get() {
        if (instance == null) {
            Path script = Projects.dir().resolve("src/scripts/docker-engine.sh");
            Command.Result started = run(List.of("bash", script.toString(), "start"), null, 300);
            if (started.exitCode() != 0) {
                throw new IllegalStateException("container tier: " + script + " could not start a Docker engine (exit "
                        + started.exitCode() + "):\n" + started.output());
            }
            String[] lines = started.output().strip().split("\n");
            instance = new DockerEngine("unix://" + lines[lines.length - 1].strip());
            if (started.output().contains("started")) {
                Runtime.getRuntime().addShutdownHook(new Thread(() -> run(List.of("bash", script.toString(), "stop"), null, 60)));
            }
        }
        return instance;
    }

    /** The docker CLI against this engine; the legacy builder, which needs no BuildKit plugin. */
    public Command.Result docker(int timeoutSeconds, String... args) {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        return run(command, host, timeoutSeconds);
    }

    /** Like {@link #docker} but fails with the output when the command does. */
    public String dockerOk(int timeoutSeconds, String... args) {
        Command.Result r = docker(timeoutSeconds, args);
        if (r.exitCode() != 0) {
            throw new AssertionError("docker " + String.join(" ", args) + " exited " + r.exitCode() + ":\n" + r.output());
        }
        return r.output();
    }

    /** The test base image (Debian minbase + OpenJDK 17 runtime), built offline by src/scripts/build-base-image.sh. */
    public String baseImage() {
        Command.Result built = run(List.of("bash", Projects.dir().resolve("src/scripts/build-base-image.sh").toString()), host, 900);
        if (built.exitCode() != 0) {
            throw new IllegalStateException("container tier: build-base-image.sh failed:\n" + built.output());
        }
        String[] lines = built.output().strip().split("\n");
        return lines[lines.length - 1].strip();
    }

    /** Image size in MiB as the engine reports it. */
    public double imageSizeMiB(String image) {
        return Long.parseLong(dockerOk(30, "image", "inspect", "--format", "{{.Size}}", image).strip()) / 1024.0 / 1024.0;
    }

    private static Command.Result run(List<String> command, String dockerHost, int timeoutSeconds) {
        return Command.run(command, dockerHost == null ? Map.of() : Map.of("DOCKER_HOST", dockerHost, "DOCKER_BUILDKIT", "0"),
                timeoutSeconds);
    }
}
