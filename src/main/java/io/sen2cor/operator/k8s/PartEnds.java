package io.sen2cor.operator.k8s;

import java.util.BitSet;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sen2cor.operator.api.RoundOutcome;
import io.sen2cor.operator.api.Sen2CorJob;

/**
 * What each ended Job of a split round said ({@link RoundParts}), kept in a ConfigMap {@code <job>-r<round>-ended}
 * owned by the job: the Jobs are deleted {@code jobTtlSecondsAfterFinished} after they end, and a retry or a restart
 * after that must still know which scenes failed. A one-Job round keeps this in its status ({@code SceneRound.ended});
 * a split round keeps only its totals there, so status does not grow with the scene count. One key per part,
 * {@code "<succeeded> <failed> <failed indexes>"}, the indexes as Kubernetes' ranges or, when shorter, as a bitset
 * ({@code b:<base64>}): a part of 10,000 scenes takes at most about 1.7 KB whatever fails, so 100 parts fit.
 * Read once per job and round, then from memory.
 */
final class PartEnds {

    static final String BITS = "b:";

    private final KubernetesClient client;
    private final Map<String, Map<String, String>> known = new ConcurrentHashMap<>();

    PartEnds(KubernetesClient client) {
        this.client = client;
    }

    static String name(Sen2CorJob job, int round) {
        return IndexedJobs.name(job, "-r" + round + "-ended");
    }

    static String key(int part) {
        return "part-" + part;
    }

    /** The part's record, when its Job was seen ended. */
    Optional<RoundOutcome> get(Sen2CorJob job, int round, int part) {
        return Optional.ofNullable(parts(job, round).get(key(part))).map(PartEnds::decode);
    }

    /** Records the part's end (once: the Job's counts no longer change). */
    void put(Sen2CorJob job, int round, int part, RoundOutcome outcome) {
        String ns = job.getMetadata().getNamespace();
        String name = name(job, round);
        String value = encode(outcome);
        var resource = client.configMaps().inNamespace(ns).withName(name);
        ConfigMap existing = resource.get();
        if (existing != null && !IndexedJobs.ownedBy(existing, job)) {
            throw ManifestProblem.notOurs(ns, name);
        }
        if (existing == null) {
            resource.create(new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace(ns)
                    .withLabels(IndexedJobs.labels(job, null, round)).withAnnotations(IndexedJobs.annotations(job))
                    .withOwnerReferences(IndexedJobs.owner(job)).endMetadata()
                    .withData(Map.of(key(part), value)).build());
        } else {
            resource.edit(cm -> {
                Map<String, String> data = cm.getData() == null ? new HashMap<>() : new HashMap<>(cm.getData());
                data.put(key(part), value);
                cm.setData(data);
                return cm;
            });
        }
        parts(job, round).put(key(part), value);
    }

    /** The job is gone or finished: its records are read again if ever needed. */
    void forget(Sen2CorJob job) {
        String prefix = job.getMetadata().getNamespace() + "/" + job.getMetadata().getUid() + "/";
        known.keySet().removeIf(k -> k.startsWith(prefix));
    }

    private Map<String, String> parts(Sen2CorJob job, int round) {
        String ns = job.getMetadata().getNamespace();
        return known.computeIfAbsent(ns + "/" + job.getMetadata().getUid() + "/" + round, k -> {
            ConfigMap cm = client.configMaps().inNamespace(ns).withName(name(job, round)).get();
            boolean ours = cm != null && IndexedJobs.ownedBy(cm, job) && cm.getData() != null;
            return new ConcurrentHashMap<>(ours ? cm.getData() : Map.of());
        });
    }

    static String encode(RoundOutcome o) {
        String ranges = o.getFailedIndexes() == null ? "" : o.getFailedIndexes();
        List<Integer> failed = IndexRanges.parse(ranges);
        BitSet bits = new BitSet();
        failed.forEach(bits::set);
        String packed = BITS + Base64.getEncoder().encodeToString(bits.toByteArray());
        return o.getSucceeded() + " " + o.getFailed() + " " + (packed.length() < ranges.length() ? packed : ranges);
    }

    static RoundOutcome decode(String value) {
        String[] fields = value.strip().split(" ", 3);
        RoundOutcome o = new RoundOutcome();
        o.setSucceeded(Integer.parseInt(fields[0]));
        o.setFailed(Integer.parseInt(fields[1]));
        String indexes = fields.length < 3 ? "" : fields[2].strip();
        if (indexes.startsWith(BITS)) {
            BitSet bits = BitSet.valueOf(Base64.getDecoder().decode(indexes.substring(BITS.length())));
            indexes = IndexRanges.format(bits.stream().boxed().toList());
        }
        o.setFailedIndexes(indexes.isEmpty() ? null : indexes);
        return o;
    }
}
