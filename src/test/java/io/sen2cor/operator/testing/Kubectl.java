package io.sen2cor.operator.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The real kubectl, as a user runs it, against a kubeconfig. */
public record Kubectl(Path binary, Path kubeconfig) {

    public record Result(int exitCode, String output) {
    }

    public Result run(String... args) {
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--kubeconfig", kubeconfig.toString()));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Result(p.waitFor(), out);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("kubectl " + String.join(" ", args) + ": " + e.getMessage(), e);
        }
    }
}
