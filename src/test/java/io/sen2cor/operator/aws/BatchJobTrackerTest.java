package io.sen2cor.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.sen2cor.operator.testing.InMemoryBatch;
import io.sen2cor.operator.testing.MotoServer;
import io.sen2cor.operator.testing.TestClock;
import io.sen2cor.operator.testing.WithMoto;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.batch.model.DescribeJobsRequest;

/** The shared poller against moto, with one DescribeJobs of a cycle refused on purpose. */
@WithMoto
class BatchJobTrackerTest {

    @Test
    void aFailedDescribeJobsStillWakesTheJobsEarlierCallsOfTheCycleFound(MotoServer moto) {
        AtomicInteger describes = new AtomicInteger();
        ExecutionInterceptor secondDescribeThrottled = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof DescribeJobsRequest && describes.incrementAndGet() == 4) {
                    throw InMemoryBatch.throttling();
                }
            }
        };
        try (var pool = moto.pool(secondDescribeThrottled)) {
            TestClock clock = new TestClock();
            var tracker = new BatchJobTracker(pool, new TokenBucket(1000, 1000), Duration.ofHours(1), clock);
            List<ResourceID> woken = new CopyOnWriteArrayList<>();
            tracker.setEventHandler(event -> woken.add(event.getRelatedCustomResourceID()));
            ResourceID first = new ResourceID("first", "eo");
            ResourceID second = new ResourceID("second", "eo");
            // 100 ids fill the first DescribeJobs, the 101st goes in the second
            tracker.track(first, "eu-central-1", IntStream.range(0, 100).mapToObj(i -> "job-" + i).toList());
            tracker.track(second, "eu-central-1", List.of("job-100"));

            // moto knows none of these ids: the first cycle's misses are no news (AWS keeps jobs at least 7 days)
            tracker.pollNow();
            assertThat(woken).isEmpty();
            assertThat(tracker.snapshot("job-0")).isEmpty();
            // past the retention the second miss makes them forgotten; the cycle's second DescribeJobs is throttled
            clock.advance(MissingJobs.RETENTION.plusDays(1));
            assertThatThrownBy(tracker::pollNow).hasMessageContaining("Rate exceeded");

            assertThat(woken).as("what the first call found (moto no longer knows these jobs) is news for its owner")
                    .containsExactly(first);
            assertThat(tracker.snapshot("job-0")).get().satisfies(s -> assertThat(s.forgotten()).isTrue());
        }
    }
}
