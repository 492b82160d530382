package io.sen2cor.operator.aws;

import java.time.Clock;

import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.MeterRegistry;
import io.sen2cor.operator.config.OperatorConfig;
import io.sen2cor.operator.metrics.AwsCallMetrics;
import io.sen2cor.operator.status.EventSink;
import io.sen2cor.operator.subscription.NotificationFeed;

/** Builds the AWS Batch backends, their client pool and the shared job tracker from the operator's configuration. */
public class AwsBackendProducer {

    @Produces
    @Singleton
    AwsClientPool awsClientPool(OperatorConfig config, AwsCallMetrics metrics) {
        // credentials: the SDK's default chain (IRSA, EKS Pod Identity, environment)
        return new AwsClientPool(config.aws().endpointOverride(), null, metrics);
    }

    void close(@Disposes AwsClientPool pool) {
        pool.close();
    }

    /** Sen2CorSubscriptions' notification queues: 20 s long polls, a queue that cannot be read tried every 30 s. */
    @Produces
    @Singleton
    NotificationFeed notificationFeed(AwsClientPool aws, Clock clock) {
        return new NotificationQueues(aws, clock, 20, java.time.Duration.ofSeconds(30));
    }

    void close(@Disposes NotificationFeed feed) {
        feed.close();
    }

    @Produces
    @Singleton
    AwsBatchEnvironmentBackend awsBatchEnvironmentBackend(AwsClientPool aws, EventSink events, OperatorConfig config) {
        return new AwsBatchEnvironmentBackend(aws, events, timing(config));
    }

    @Produces
    @Singleton
    AwsBatchJobBackend awsBatchJobBackend(AwsClientPool aws, EventSink events, MeterRegistry registry,
            OperatorConfig config, Clock clock) {
        var tracker = new BatchJobTracker(aws, new TokenBucket(config.aws().describeRate(), 10), config.aws().pollInterval(),
                clock).bindTo(registry);
        return new AwsBatchJobBackend(aws, events, tracker, new TokenBucket(config.aws().submitRate(), 10),
                config.runner().image(), config.aws().stuckAfter(), timing(config), clock);
    }

    void close(@Disposes AwsBatchJobBackend backend) {
        backend.close();
    }

    static AwsBatchTiming timing(OperatorConfig config) {
        return new AwsBatchTiming(config.aws().progressInterval(), config.aws().retryInterval(), config.aws().resyncInterval());
    }
}
