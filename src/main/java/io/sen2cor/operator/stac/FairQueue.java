package io.sen2cor.operator.stac;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Runs tasks on a few threads, at most one per tenant (namespace) at a time, taking tenants in turn: one namespace
 * that starts a hundred searches delays only itself, not the others (docs/security.md, "Catalogues"). A cancelled task
 * that waits never runs; one that runs is interrupted.
 */
final class FairQueue implements AutoCloseable {

    private final class Task<T> {
        final String tenant;
        final Supplier<T> work;
        final CompletableFuture<T> result = new CompletableFuture<>();
        Thread runner;

        Task(String tenant, Supplier<T> work) {
            this.tenant = tenant;
            this.work = work;
        }

        void run() {
            synchronized (FairQueue.this) {
                runner = Thread.currentThread();
            }
            try {
                if (!result.isDone()) {
                    result.complete(work.get());
                }
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            } finally {
                synchronized (FairQueue.this) {
                    runner = null;
                    running.remove(tenant);
                    Thread.interrupted(); // a cancel that came late must not reach the next task on this thread
                    dispatch();
                }
            }
        }

        void cancel() {
            result.cancel(false);
            synchronized (FairQueue.this) {
                if (runner != null) {
                    runner.interrupt();
                }
            }
        }
    }

    private final int threads;
    private final ExecutorService pool;
    /** Waiting tasks per tenant; iteration order is the turn order (a tenant served goes to the back). */
    private final LinkedHashMap<String, ArrayDeque<Task<?>>> waiting = new LinkedHashMap<>();
    private final Set<String> running = new HashSet<>();

    FairQueue(int threads, String name) {
        this.threads = threads;
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Queues {@code work} for {@code tenant}; cancelling the future drops it, or interrupts it if it runs. */
    <T> CompletableFuture<T> submit(String tenant, Supplier<T> work) {
        Task<T> task = new Task<>(tenant, work);
        task.result.whenComplete((r, e) -> {
            if (task.result.isCancelled()) {
                task.cancel();
            }
        });
        synchronized (this) {
            waiting.computeIfAbsent(tenant, t -> new ArrayDeque<>()).add(task);
            dispatch();
        }
        return task.result;
    }

    /** Tasks waiting, over all tenants. */
    synchronized int waiting() {
        return waiting.values().stream().mapToInt(ArrayDeque::size).sum();
    }

    private synchronized void dispatch() {
        while (running.size() < threads) {
            Task<?> next = null;
            for (Iterator<Map.Entry<String, ArrayDeque<Task<?>>>> it = waiting.entrySet().iterator(); it.hasNext() && next == null;) {
                Map.Entry<String, ArrayDeque<Task<?>>> e = it.next();
                if (running.contains(e.getKey())) {
                    continue;
                }
                ArrayDeque<Task<?>> queue = e.getValue();
                while (!queue.isEmpty() && next == null) {
                    Task<?> candidate = queue.poll();
                    if (!candidate.result.isDone()) {
                        next = candidate;
                    }
                }
                it.remove(); // served (or emptied): to the back of the turn order
                if (!queue.isEmpty()) {
                    waiting.put(e.getKey(), queue);
                }
                if (next != null) {
                    break;
                }
            }
            if (next == null) {
                return;
            }
            running.add(next.tenant);
            Task<?> chosen = next;
            pool.execute(chosen::run);
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
