package io.sen2cor.operator.metrics;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * AWS API calls by service, operation and outcome ({@code sen2cor_aws_calls_total}, {@code sen2cor_aws_call_seconds}),
 * and every HTTP attempt the SDK made, so throttles and 5xx that a retry absorbed are visible too
 * ({@code sen2cor_aws_attempts_total{status="429"|"5xx"|...}}).
 */
@ApplicationScoped
public class AwsCallMetrics implements ExecutionInterceptor {

    private static final ExecutionAttribute<Long> STARTED = new ExecutionAttribute<>("sen2cor.started");
    private final MeterRegistry registry;

    @Inject
    public AwsCallMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Metrics that go nowhere, for code run without the operator's registry. */
    public static AwsCallMetrics detached() {
        return new AwsCallMetrics(new SimpleMeterRegistry());
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        attributes.putAttribute(STARTED, System.nanoTime());
    }

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        int status = context.httpResponse().statusCode();
        String bucket = status == 429 ? "429" : status >= 500 ? "5xx" : status >= 400 ? "4xx" : "2xx";
        Counter.builder("sen2cor.aws.attempts").description("HTTP attempts to AWS, retries included")
                .tags("service", service(attributes), "operation", operation(attributes), "status", bucket)
                .register(registry).increment();
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        record(attributes, "success");
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        Throwable e = context.exception();
        String outcome;
        if (e instanceof AwsServiceException aws) {
            outcome = aws.isThrottlingException() ? "throttled" : aws.statusCode() >= 500 ? "server_error" : "client_error";
        } else {
            outcome = "network_error";
        }
        record(attributes, outcome);
    }

    private void record(ExecutionAttributes attributes, String outcome) {
        Counter.builder("sen2cor.aws.calls").description("AWS API calls after the SDK's retries, by outcome")
                .tags("service", service(attributes), "operation", operation(attributes), "outcome", outcome)
                .register(registry).increment();
        Long started = attributes.getAttribute(STARTED);
        if (started != null) {
            Timer.builder("sen2cor.aws.call").tags("service", service(attributes), "operation", operation(attributes))
                    .register(registry).record(Duration.ofNanos(System.nanoTime() - started));
        }
    }

    private static String service(ExecutionAttributes a) {
        String s = a.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
        return s == null ? "unknown" : s;
    }

    private static String operation(ExecutionAttributes a) {
        String s = a.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        return s == null ? "unknown" : s;
    }
}
