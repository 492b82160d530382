package io.sen2cor.operator.k8s;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.sen2cor.operator.api.Sen2CorJob;
import io.sen2cor.operator.contract.Sha256;
import io.sen2cor.operator.work.SceneChunks;

/**
 * The Indexed Jobs of one round (pure, docs/architecture.md, "Kubernetes backend"). Up to {@code scenesPerJob}
 * scenes: one Job {@code <job>-r<round>} whose manifest ConfigMap holds the ids as text. Above that: one Job per part
 * of {@code scenesPerJob} scenes, {@code <job>-r<round>-<part>}, each with its own manifest ConfigMap holding the ids
 * gzip'd (10,000 ids: 610 KB of text, about 120 KB gzip'd; a million scenes take 100 ConfigMaps, about 12 MB of
 * etcd instead of 61). Each Job stays within Kubernetes' limits for Indexed Jobs (100,000 completions and failed
 * indexes) and its pods read only their own part.
 */
public final class RoundParts {

    /** The gzip'd manifest's key; the runner reads a {@code .gz} file through gzip. */
    static final String COMPRESSED_FILE = IndexedJobs.MANIFEST_FILE + ".gz";
    /** SHA-256 of a part's ids, so a part written before a restart is known to hold the same scenes. */
    static final String SCENES_HASH_ANNOTATION = "sen2cor.io/scenes-sha256";

    private RoundParts() {
    }

    /**
     * One Indexed Job of a round: manifest lines {@code offset .. offset+size-1} of the round's scene list.
     *
     * @param compressed the manifest is gzip'd (a round of several parts)
     */
    public record Part(int index, int offset, int size, String jobName, String manifestName, boolean compressed) {

        String manifestFile() {
            return compressed ? COMPRESSED_FILE : IndexedJobs.MANIFEST_FILE;
        }

        /** This part's lines of the round's scene list. */
        List<String> of(List<String> roundScenes) {
            return roundScenes.subList(offset, offset + size);
        }

        /** The runner's manifest in the part's pods: the mounted ConfigMap's file. */
        String manifestUri() {
            return "file://" + IndexedJobs.MANIFEST_DIR + "/" + manifestFile();
        }
    }

    /** How many Jobs a round of this many scenes runs as. */
    public static int count(int scenes, int scenesPerJob) {
        return split(scenes, scenesPerJob) ? (scenes + scenesPerJob - 1) / scenesPerJob : 1;
    }

    /** Whether a round of this many scenes runs as several Jobs. */
    public static boolean split(int scenes, int scenesPerJob) {
        return scenes > scenesPerJob;
    }

    /** The round's Jobs in manifest order: one (named as before parts existed) unless the round is split. */
    public static List<Part> of(Sen2CorJob job, int round, int scenes, int scenesPerJob) {
        if (!split(scenes, scenesPerJob)) {
            return List.of(new Part(0, 0, scenes, IndexedJobs.jobName(job, round), IndexedJobs.manifestName(job, round), false));
        }
        return SceneChunks.of(scenes, scenesPerJob).stream().map(c -> {
            String name = IndexedJobs.name(job, "-r" + round + "-" + c.index());
            return new Part(c.index(), c.offset(), c.size(), name, name + "-scenes", true);
        }).toList();
    }

    /** Where a round's (or a kept selection's) scene list is, for status: its first part's ConfigMap. */
    public static String uri(Sen2CorJob job, Part first) {
        return "configmap://" + job.getMetadata().getNamespace() + "/" + first.manifestName();
    }

    /** The part's manifest ConfigMap: its scenes one per line, gzip'd in a split round, owned by the job. */
    public static ConfigMap manifest(Sen2CorJob job, int round, Part part, List<String> scenes) {
        ConfigMap cm = IndexedJobs.manifest(job, part.manifestName(), IndexedJobs.labels(job, null, round), scenes);
        String text = cm.getData().get(IndexedJobs.MANIFEST_FILE);
        Map<String, String> annotations = new LinkedHashMap<>(cm.getMetadata().getAnnotations());
        annotations.put(SCENES_HASH_ANNOTATION, Sha256.ofLines(scenes));
        cm.getMetadata().setAnnotations(annotations);
        if (part.compressed()) {
            cm.setData(null);
            cm.setBinaryData(Map.of(COMPRESSED_FILE, Base64.getEncoder().encodeToString(gzip(text))));
        }
        return cm;
    }

    /** The scenes a part's manifest holds, in order, whether text or gzip'd. */
    public static List<String> scenes(ConfigMap cm) {
        String text;
        if (cm.getBinaryData() != null && cm.getBinaryData().containsKey(COMPRESSED_FILE)) {
            text = gunzip(Base64.getDecoder().decode(cm.getBinaryData().get(COMPRESSED_FILE)));
        } else {
            text = cm.getData() == null ? "" : cm.getData().getOrDefault(IndexedJobs.MANIFEST_FILE, "");
        }
        return text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    /** Whether an existing manifest holds the same scenes as {@code wanted} (built by {@link #manifest}). */
    static boolean sameScenes(ConfigMap existing, ConfigMap wanted) {
        var a = existing.getMetadata().getAnnotations();
        String hash = a == null ? null : a.get(SCENES_HASH_ANNOTATION);
        return hash == null || hash.equals(wanted.getMetadata().getAnnotations().get(SCENES_HASH_ANNOTATION));
    }

    static byte[] gzip(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() / 4);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static String gunzip(byte[] bytes) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("a manifest ConfigMap's " + COMPRESSED_FILE + " is not gzip", e);
        }
    }
}
