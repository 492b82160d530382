package io.sen2cor.operator.aws;

import java.time.Clock;
import java.time.Duration;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.sen2cor.operator.status.EventSink;

/** Builds the AWS Batch job backend and its shared tracker from the operator's configuration. */
public class AwsBatchJobBackendProducer {

    @Produces
    @Singleton
    AwsBatchJobBackend awsBatchJobBackend(AwsClientPool aws, EventSink events, io.micrometer.core.instrument.MeterRegistry registry,
            @ConfigProperty(name = "sen2cor.runner.image", defaultValue = "sen2cor-runner:latest") String image,
            @ConfigProperty(name = "sen2cor.aws.poll-interval", defaultValue = "30s") Duration pollInterval,
            @ConfigProperty(name = "sen2cor.aws.describe-rate", defaultValue = "5") double describeRate,
            @ConfigProperty(name = "sen2cor.aws.submit-rate", defaultValue = "5") double submitRate,
            @ConfigProperty(name = "sen2cor.aws.stuck-after", defaultValue = "30m") Duration stuckAfter) {
        var tracker = new BatchJobTracker(aws, new TokenBucket(describeRate, 10), pollInterval).bindTo(registry);
        return new AwsBatchJobBackend(aws, events, tracker, new TokenBucket(submitRate, 10), image, stuckAfter,
                Duration.ofMinutes(5), Clock.systemUTC());
    }
}
