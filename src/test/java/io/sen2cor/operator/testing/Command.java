package io.sen2cor.operator.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a program to its end, or until a timeout, from the repository's top; its exit code and combined output. */
public final class Command {

    public record Result(int exitCode, String output) {
    }

    private Command() {
    }

    /** Exit code -1 when it could not start, timed out or was interrupted; the output then says why. */
    public static Result run(List<String> command, Map<String, String> environment, int timeoutSeconds) {
        try {
            // to a file, not a pipe: a long build's output cannot fill the pipe and stall it
            Path out = Files.createTempFile("command", ".log");
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile())
                    .directory(Projects.dir().toFile());
            pb.environment().putAll(environment);
            Process p = pb.start();
            p.getOutputStream().close();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, "timed out after " + timeoutSeconds + " s: " + String.join(" ", command) + "\n"
                        + Files.readString(out, StandardCharsets.UTF_8));
            }
            String text = Files.readString(out, StandardCharsets.UTF_8);
            Files.deleteIfExists(out);
            return new Result(p.exitValue(), text);
        } catch (IOException e) {
            return new Result(-1, "could not run " + command + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted: " + command);
        }
    }
}
