package io.sen2cor.operator.testing.awsmodel;

import java.util.List;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails the test during which a request broke AWS's service model (see {@link ServiceModelGuard}). Registered for
 * every test class by JUnit's extension auto-detection (src/test/resources/junit-platform.properties and
 * META-INF/services), so no test can opt out.
 */
public class ServiceModelGuardExtension implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        fail("before " + context.getDisplayName() + " (from an earlier class or background reconcile)");
    }

    @Override
    public void afterEach(ExtensionContext context) {
        fail(context.getDisplayName());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        ServiceModelGuard.report();
        fail(context.getDisplayName() + " (class setup or teardown)");
    }

    private static void fail(String during) {
        List<String> violations = ServiceModelGuard.drain();
        if (!violations.isEmpty()) {
            throw new AssertionError("AWS would refuse " + violations.size() + " request(s) sent " + during
                    + ", checked against its service model:\n  " + String.join("\n  ", violations));
        }
    }
}
