package io.sen2cor.operator.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.sen2cor.operator.testing.Projects;

/**
 * The README's first command kept running (DEMO_KEEP_RUNNING=1) and stopped with Ctrl-C the way a terminal sends it:
 * SIGINT to its whole process group. Everything it started (Maven, the test JVM, etcd, kube-apiserver,
 * kube-controller-manager, kube-scheduler, kwok, moto) must be gone within seconds. After packaging, so the nested
 * Maven finds everything compiled.
 */
class DemoInterruptIT {

    @Test
    void ctrlCStopsEverythingTheDemoStartedWithinSeconds() throws Exception {
        Path log = Files.createTempFile("demo-interrupt", ".log");
        // setsid: a session and process group of its own, as a terminal gives a foreground command; and SIGINT at its
        // default, as a terminal's foreground command has it. A test JVM started in the background of a non-interactive
        // shell (nohup, some CI runners) inherits SIGINT ignored, and a shell that starts with a signal ignored cannot
        // trap it: the demo's Ctrl-C handler would never run (the cause of this test failing on some first runs)
        ProcessBuilder pb = new ProcessBuilder("setsid", "python3", "-c", "import os, signal; "
                + "signal.signal(signal.SIGINT, signal.SIG_DFL); signal.signal(signal.SIGQUIT, signal.SIG_DFL); "
                + "os.execvp('bash', ['bash', 'src/scripts/demo.sh'])").directory(Projects.dir().toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("DEMO_KEEP_RUNNING", "1");
        Process demo = pb.start();
        long session = demo.pid();
        try {
            Instant deadline = Instant.now().plus(Duration.ofMinutes(4));
            while (!Files.readString(log).contains("still running") && demo.isAlive() && Instant.now().isBefore(deadline)) {
                Thread.sleep(500);
            }
            assertThat(Files.readString(log)).as("the demo came up and waits for Ctrl-C").contains("still running");
            List<String> before = processes(session);
            assertThat(before).as("what the demo runs").anyMatch(p -> p.contains("kube-apiserver")).anyMatch(p -> p.contains("etcd"));

            Instant sent = Instant.now();
            new ProcessBuilder("kill", "-INT", "--", "-" + session).start().waitFor();
            List<String> left = processes(session);
            while (!left.isEmpty() && Duration.between(sent, Instant.now()).toSeconds() < 30) {
                Thread.sleep(200);
                left = processes(session);
            }
            double seconds = Duration.between(sent, Instant.now()).toMillis() / 1000.0;
            System.out.printf("demo: %d processes before Ctrl-C, all gone %.1f s after it%n", before.size(), seconds);
            assertThat(left).as("still running after Ctrl-C").isEmpty();
            assertThat(seconds).isLessThan(10);
            assertThat(demo.waitFor(5, TimeUnit.SECONDS)).isTrue();
            assertThat(demo.exitValue()).isEqualTo(130);
        } finally {
            new ProcessBuilder("pkill", "-KILL", "-s", String.valueOf(session)).start().waitFor();
        }
    }

    /** "pid stat command" of every process of the session, zombies left out. */
    static List<String> processes(long session) throws IOException, InterruptedException {
        Process ps = new ProcessBuilder("ps", "-o", "pid=,stat=,args=", "-s", String.valueOf(session)).start();
        String out = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        ps.waitFor();
        return out.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.split("\\s+")[1].startsWith("Z")).toList();
    }
}
