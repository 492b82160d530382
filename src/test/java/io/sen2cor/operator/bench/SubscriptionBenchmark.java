package io.sen2cor.operator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sen2cor.operator.api.JobPhase;
import io.sen2cor.operator.api.Sen2CorJob;
import io.sen2cor.operator.api.Sen2CorSubscription;
import io.sen2cor.operator.testing.DerivedItems;
import io.sen2cor.operator.testing.FaultInjectingProxy;
import io.sen2cor.operator.testing.LocalOperator;
import io.sen2cor.operator.testing.PackagedOperator;
import io.sen2cor.operator.testing.StacServer;

/**
 * The standing-order scenario of {@link OperatorBenchmark} (-Dbench.subscription=100x600x5: tiles x items x minutes):
 * a month of acquisitions over {@code tiles} MGRS tiles (each tile every 5 days: 600 items for 100 tiles) published
 * to the local STAC API (stac-fastapi-pgstac, loaded with pypgstac as a catalogue does) at an even rate over
 * {@code minutes}, each sensed 2 h before it appears, while one Sen2CorSubscription polls every minute (its minimum).
 * The month is compressed, not simulated item by item in the past: a subscription searches by sensing time up to now,
 * so items appear as they would, only faster. The items are derived from one real Earth Search item (its footprint,
 * inside the subscription's area), with other tiles, times and product names (ids are the product names).
 * Measures: polls, jobs, scenes processed, AWS calls per new scene, and each scene's delay from its appearance in the
 * catalogue to the SubmitJob that carries it.
 */
final class SubscriptionBenchmark {

    static final ObjectMapper JSON = new ObjectMapper();
    static final DateTimeFormatter COMPACT = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);
    static final String BASE_ITEM = "S2B_24MWV_20250731_0_L1C.json";
    static final List<String> SQUARES = List.of("WV", "WU", "WT", "XV", "XU", "XT", "VV", "VU", "VT", "UV");

    record Result(String scenario, int tiles, int items, long polls, int jobs, long scenesProcessed, long awsCalls,
            double appearToSubmitP50, double appearToSubmitP95, double appearToSubmitMax, double rssPeakMiB,
            double wallSeconds) {
    }

    private SubscriptionBenchmark() {
    }

    /** {@code tiles} valid MGRS tiles (UTM zones 20-29, band M, ten grid squares each). */
    static List<String> tiles(int count) {
        List<String> tiles = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            tiles.add((20 + i / SQUARES.size() % 10) + "M" + SQUARES.get(i % SQUARES.size()));
        }
        return tiles;
    }

    /** The item sensed at {@code sensed} over {@code tile}, published at {@code published}; its id is its product. */
    static ObjectNode item(ObjectNode base, String tile, Instant sensed, Instant published) {
        String product = "S2B_MSIL1C_" + COMPACT.format(sensed) + "_N0511_R095_T" + tile + "_"
                + COMPACT.format(sensed.plus(Duration.ofMinutes(45)));
        ObjectNode item = base.deepCopy();
        item.put("id", product);
        ObjectNode properties = (ObjectNode) item.get("properties");
        properties.put("datetime", sensed.toString());
        properties.put("s2:product_uri", product + ".SAFE");
        properties.put("grid:code", "MGRS-" + tile);
        properties.put("created", published.toString());
        properties.put("updated", published.toString());
        item.remove("links");
        return item;
    }

    static Result run(KubernetesClient client, FaultInjectingProxy proxy, PackagedOperator operator, StacServer stac,
            Path dir, String spec) throws Exception {
        String[] p = spec.split("x");
        int tileCount = Integer.parseInt(p[0]);
        int itemCount = Integer.parseInt(p[1]);
        Duration over = Duration.ofMinutes(Long.parseLong(p[2]));
        String namespace = "bench-subscription";
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build()).create();
        ObjectNode base = (ObjectNode) JSON.readTree(DerivedItems.REAL.resolve(BASE_ITEM).toFile());
        Path collection = DerivedItems.REAL.resolveSibling("collection.json");
        List<String> tiles = tiles(tileCount);
        int callsBefore = proxy.calls.size();

        stac.loadCollection(collection);
        Instant t0 = Instant.now();
        Sen2CorSubscription sub = LocalOperator.example("sen2corsubscription-ceara.yaml", Sen2CorSubscription.class);
        sub.getMetadata().setNamespace(namespace);
        sub.getMetadata().setName("month");
        sub.getSpec().getScenes().setCatalog(stac.endpoint().toString());
        sub.getSpec().getScenes().setMaxCloudCover(null);
        sub.getSpec().setStart(t0.minus(Duration.ofHours(3)).toString());
        sub.getSpec().setPollInterval("1m");
        sub.getSpec().getJobTemplate().getOutput().setUri(LocalOperator.example("sen2corjob-kenya.yaml", Sen2CorJob.class)
                .getSpec().getOutput().getUri());
        long start = System.nanoTime();
        client.resource(sub).create();

        // publish: every 5 s, the items due by then, in one pypgstac load; an item's appearance is when its load returned
        Map<String, Long> appeared = new ConcurrentHashMap<>();
        double[] rssPeak = new double[1];
        ScheduledExecutorService publisher = Executors.newSingleThreadScheduledExecutor();
        int[] next = new int[1];
        Path items = Files.createDirectories(dir.resolve("published"));
        List<Throwable> publishErrors = new java.util.concurrent.CopyOnWriteArrayList<>();
        publisher.scheduleWithFixedDelay(() -> {
          try {
            rssPeak[0] = Math.max(rssPeak[0], operator.rssMiB());
            long elapsed = System.nanoTime() - start;
            List<Path> batch = new ArrayList<>();
            List<String> products = new ArrayList<>();
            while (next[0] < itemCount && next[0] * (double) over.toNanos() / itemCount <= elapsed) {
                int i = next[0]++;
                Instant published = Instant.now();
                ObjectNode item = item(base, tiles.get(i % tileCount), published.minus(Duration.ofHours(2)).plusSeconds(i % 60),
                        published);
                Path file = items.resolve(item.get("id").asText() + ".json");
                try {
                    Files.writeString(file, item.toString());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                batch.add(file);
                products.add(item.get("id").asText());
            }
            if (!batch.isEmpty()) {
                stac.load(collection, batch);
                long now = System.nanoTime();
                products.forEach(product -> appeared.put(product, now));
            }
          } catch (RuntimeException e) {
            // a scheduled task that throws is never run again: keep the cause for the report
            publishErrors.add(e);
            throw e;
          }
        }, 0, 5, TimeUnit.SECONDS);

        try {
            org.awaitility.Awaitility.await().atMost(over.plusMinutes(5)).pollInterval(Duration.ofSeconds(5)).until(() -> {
                List<Sen2CorJob> jobs = client.resources(Sen2CorJob.class).inNamespace(namespace).list().getItems();
                long handedOut = jobs.stream().mapToLong(j -> j.getSpec().getProducts().size()).sum();
                return handedOut == itemCount && appeared.size() == itemCount && jobs.stream().allMatch(j -> j.getStatus() != null
                        && j.getStatus().getPhase() == JobPhase.Succeeded);
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            Sen2CorSubscription now = client.resources(Sen2CorSubscription.class).inNamespace(namespace).withName("month").get();
            System.out.println("subscription benchmark timed out: " + appeared.size() + " of " + itemCount + " items published, "
                    + "publisher errors " + publishErrors + "; subscription status "
                    + (now == null ? null : OperatorBenchmark.JSON.asJson(now.getStatus())) + "; jobs "
                    + client.resources(Sen2CorJob.class).inNamespace(namespace).list().getItems().stream()
                            .map(j -> j.getMetadata().getName() + " " + (j.getStatus() == null ? null : j.getStatus().getPhase()))
                            .toList());
            throw e;
        } finally {
            publisher.shutdownNow();
        }
        double wall = (System.nanoTime() - start) / 1e9;
        List<Sen2CorJob> jobs = client.resources(Sen2CorJob.class).inNamespace(namespace).list().getItems();
        Sen2CorSubscription done = client.resources(Sen2CorSubscription.class).inNamespace(namespace).withName("month").get();
        // the subscription's own calls: those naming its namespace (its jobs' folders and Batch jobs) or one of its
        // scenes (their result records), not what other jobs' background work sent meanwhile
        java.util.Set<String> scenes = new java.util.HashSet<>();
        jobs.forEach(j -> scenes.addAll(j.getSpec().getProducts()));
        List<FaultInjectingProxy.Call> calls;
        synchronized (proxy.calls) {
            calls = proxy.calls.subList(callsBefore, proxy.calls.size()).stream().filter(c -> c.path().contains(namespace)
                    || c.requestBody().contains(namespace) || names(c.path(), scenes) || names(c.requestBody(), scenes)).toList();
        }
        // each job's first SubmitJob, then each scene's delay from its appearance to that call
        Map<String, Long> submitted = new HashMap<>();
        for (var call : calls) {
            Matcher name = OperatorBenchmark.JOB_NAME.matcher(call.requestBody());
            if (call.operation().equals("submitjob") && name.find()) {
                submitted.merge(name.group(1).replaceFirst("^s2c-" + namespace + "-", "").replaceFirst("-[0-9a-f]{8}-r0-0$", ""),
                        call.sentNanos(), Math::min);
            }
        }
        List<Double> delays = new ArrayList<>();
        long processed = 0;
        for (Sen2CorJob job : jobs) {
            Long at = submitted.get(job.getMetadata().getName());
            assertThat(at).as("a SubmitJob for " + job.getMetadata().getName()).isNotNull();
            for (String product : job.getSpec().getProducts()) {
                delays.add((at - appeared.get(product)) / 1e9);
            }
            processed += job.getStatus().getScenes() == null ? 0 : job.getStatus().getScenes().getSucceeded();
        }
        delays.sort(Double::compare);
        assertThat(delays).as("every scene in exactly one job").hasSize(itemCount);
        client.resource(done).delete();
        return new Result(tileCount + "x" + itemCount + "x" + over.toMinutes() + "m", tileCount, itemCount,
                done.getStatus().getPolls(), jobs.size(), processed, calls.size(), OperatorBenchmark.percentile(delays, 0.5),
                OperatorBenchmark.percentile(delays, 0.95), delays.get(delays.size() - 1), rssPeak[0], wall);
    }

    static final java.util.regex.Pattern PRODUCT = java.util.regex.Pattern.compile("S2[A-D]_MSIL1C_[0-9T_NR]+_T[0-9A-Z]{5}_[0-9T]{15}");

    /** Whether {@code text} names one of {@code scenes}. */
    static boolean names(String text, java.util.Set<String> scenes) {
        Matcher m = PRODUCT.matcher(text);
        while (m.find()) {
            if (scenes.contains(m.group())) {
                return true;
            }
        }
        return false;
    }

    static void print(Result r) {
        System.out.printf("%nsubscription (%d tiles, %d items of a month published over %s at an even rate, polled every 1m; delay: "
                + "an item's appearance in the catalogue to the SubmitJob carrying its scene)%n", r.tiles(), r.items(),
                r.scenario().substring(r.scenario().lastIndexOf('x') + 1));
        System.out.printf("%-14s %6s %6s %9s %9s %10s %9s %9s %9s %8s %8s%n", "scenario", "polls", "jobs", "processed",
                "AWS calls", "calls/scene", "delay50s", "delay95s", "delayMaxs", "rssMiB", "wall s");
        System.out.printf("%-14s %6d %6d %9d %9d %10.2f %9.1f %9.1f %9.1f %8.0f %8.1f%n", r.scenario(), r.polls(), r.jobs(),
                r.scenesProcessed(), r.awsCalls(), (double) r.awsCalls() / r.items(), r.appearToSubmitP50(),
                r.appearToSubmitP95(), r.appearToSubmitMax(), r.rssPeakMiB(), r.wallSeconds());
    }
}
