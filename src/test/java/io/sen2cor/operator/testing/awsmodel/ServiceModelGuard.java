package io.sen2cor.operator.testing.awsmodel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

import io.sen2cor.operator.testing.Projects;

/**
 * The test harness's one AWS conformance guard: every request any SDK client in the test JVM sends (it is a
 * global interceptor, listed in software/amazon/awssdk/global/handlers/execution.interceptors), and every request
 * the in-memory Batch fakes record, is checked against AWS's service model ({@link ModelCheck}) and the limits the
 * model states only in prose ({@link DocumentedLimits}). Violations are kept until {@link ServiceModelGuardExtension}
 * fails the test that was running; the request itself still goes out, so behaviour under test is unchanged.
 */
public final class ServiceModelGuard implements ExecutionInterceptor {

    // kept in the system properties so that a copy of this class in another class loader (Quarkus tests load the
    // interceptor through theirs) records into the same place the extension drains
    private static final Queue<String> VIOLATIONS = shared("violations", new ConcurrentLinkedQueue<String>());
    private static final Map<String, AtomicLong> CHECKED = shared("checked", new ConcurrentHashMap<String, AtomicLong>());

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        check(context.request());
    }

    /** Checks one request; called by the interceptor and by fakes that implement an SDK client themselves. */
    public static void check(SdkRequest request) {
        VIOLATIONS.addAll(violationsOf(request));
    }

    /** What AWS would refuse in one request, each prefixed with service and operation; counted, not recorded. */
    public static List<String> violationsOf(SdkRequest request) {
        String service = service(request);
        String operation = request.getClass().getSimpleName().replaceFirst("Request$", "");
        Map<String, Object> members = RequestTree.of(request);
        List<String> found = new ArrayList<>(ModelCheck.violations(ServiceModels.of(service), operation, members));
        found.addAll(DocumentedLimits.violations(service, operation, members));
        CHECKED.computeIfAbsent(service + ":" + operation, k -> new AtomicLong()).incrementAndGet();
        return found.stream().map(v -> service + " " + operation + ": " + v).toList();
    }

    /** Violations recorded since the last call, cleared. */
    static List<String> drain() {
        List<String> drained = new ArrayList<>();
        for (String v = VIOLATIONS.poll(); v != null; v = VIOLATIONS.poll()) {
            drained.add(v);
        }
        return drained;
    }

    /** Requests checked in this JVM so far, per service:operation. */
    static Map<String, Long> checked() {
        Map<String, Long> counts = new TreeMap<>();
        CHECKED.forEach((k, v) -> counts.put(k, v.get()));
        return counts;
    }

    /** Writes this JVM's counts to target/aws-model-guard/<pid>.txt (.ci/run adds the files up). */
    static void report() {
        Map<String, Long> counts = checked();
        if (counts.isEmpty()) {
            return;
        }
        StringBuilder text = new StringBuilder();
        counts.forEach((k, v) -> text.append(v).append(' ').append(k).append('\n'));
        Path dir = Projects.dir().resolve("target/aws-model-guard");
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(ProcessHandle.current().pid() + ".txt"), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T shared(String name, T initial) {
        return (T) System.getProperties().computeIfAbsent("sen2cor.test.aws-model-guard." + name, k -> initial);
    }

    /** botocore's service name for an SDK request's package (software.amazon.awssdk.services.<name>.model). */
    private static String service(SdkRequest request) {
        String pkg = request.getClass().getPackageName();
        String name = pkg.replaceFirst("^software\\.amazon\\.awssdk\\.services\\.", "").replaceFirst("\\.model$", "");
        return switch (name) {
            case "cloudwatchlogs" -> "logs";
            default -> name;
        };
    }
}
