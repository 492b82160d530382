package io.sen2cor.operator.stac;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** One namespace that starts many searches delays only itself (docs/security.md, "Catalogues"). */
class FairQueueTest {

    @Test
    void namespacesTakeTurnsAndEachRunsOneSearchAtATime() throws Exception {
        List<String> order = new CopyOnWriteArrayList<>();
        AtomicInteger concurrentA = new AtomicInteger();
        AtomicInteger maxConcurrentA = new AtomicInteger();
        CountDownLatch gate = new CountDownLatch(1);
        try (FairQueue queue = new FairQueue(2, "test")) {
            // a-0 blocks a thread until the gate opens; a's other 9 wait behind it, not on the second thread
            List<CompletableFuture<String>> a = new java.util.ArrayList<>();
            for (int i = 0; i < 10; i++) {
                int n = i;
                a.add(queue.submit("a", () -> {
                    maxConcurrentA.accumulateAndGet(concurrentA.incrementAndGet(), Math::max);
                    try {
                        if (n == 0) {
                            gate.await(5, TimeUnit.SECONDS);
                        }
                        order.add("a-" + n);
                        return "a-" + n;
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    } finally {
                        concurrentA.decrementAndGet();
                    }
                }));
            }
            CompletableFuture<String> b = queue.submit("b", () -> {
                order.add("b-0");
                return "b-0";
            });
            assertThat(b.get(5, TimeUnit.SECONDS)).as("b runs while a's first search still holds a thread").isEqualTo("b-0");
            assertThat(order).containsExactly("b-0");
            gate.countDown();
            CompletableFuture.allOf(a.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            assertThat(maxConcurrentA.get()).isEqualTo(1);
        }
    }

    @Test
    void aCancelledSearchThatWaitsNeverRunsAndOneThatRunsIsInterrupted() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        AtomicInteger ran = new AtomicInteger();
        try (FairQueue queue = new FairQueue(1, "test")) {
            CompletableFuture<String> running = queue.submit("a", () -> {
                started.countDown();
                try {
                    Thread.sleep(30_000);
                } catch (InterruptedException e) {
                    interrupted.countDown();
                }
                return "late";
            });
            CompletableFuture<String> waiting = queue.submit("b", () -> {
                ran.incrementAndGet();
                return "b";
            });
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
            waiting.cancel(true);
            running.cancel(true);
            assertThat(interrupted.await(5, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<String> next = queue.submit("c", () -> "c");
            assertThat(next.get(5, TimeUnit.SECONDS)).isEqualTo("c");
            assertThat(ran.get()).isZero();
            assertThat(queue.waiting()).isZero();
        }
    }
}
