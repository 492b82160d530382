package io.sen2cor.operator.aws;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.sen2cor.operator.api.Sen2CorJob;
import io.sen2cor.operator.contract.S3Location;
import io.sen2cor.operator.work.JobFolder;
import io.sen2cor.operator.work.JobScenes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Scene manifests in the output bucket: one L1C id per line, read by the runner at line offset + array index. They
 * live under {@code <output>/_sen2cor/<namespace>.<name>-<uid8>/} next to the job's report, so the scene list of a
 * job of any size never travels in a SubmitJob request or an etcd object.
 */
final class SceneManifests {

    private final Map<String, List<String>> cache = new ConcurrentHashMap<>();

    static S3Location location(Sen2CorJob job, int round) {
        return JobFolder.of(job).resolve("scenes-r" + round + ".txt");
    }

    /** Writes (or rewrites with the same content: idempotent) a round's manifest. */
    S3Location write(S3Client s3, Sen2CorJob job, int round, List<String> products) {
        S3Location at = location(job, round);
        // the ids streamed as lines, never held as text (62 MB for a million ids); a new stream per attempt
        s3.putObject(r -> r.bucket(at.bucket()).key(at.key()).contentType("text/plain"),
                RequestBody.fromContentProvider(() -> new LinesInputStream(products), LinesInputStream.length(products),
                        "text/plain"));
        if (round > 0) { // round 0 is the spec itself: a copy of it would only cost memory
            cache.put(at.toString(), List.copyOf(products));
        }
        return at;
    }

    /** The ids one per line, each ended by a newline (ids are ASCII: Patterns.L1C_PRODUCT_ID), read one id at a time. */
    static final class LinesInputStream extends java.io.InputStream {
        private final List<String> products;
        private int next;
        private byte[] line = new byte[0];
        private int at;

        LinesInputStream(List<String> products) {
            this.products = products;
        }

        static long length(List<String> products) {
            long size = 0;
            for (String product : products) {
                size += product.length() + 1;
            }
            return size;
        }

        private boolean fill() {
            if (at < line.length) {
                return true;
            }
            if (next == products.size()) {
                return false;
            }
            line = (products.get(next++) + "\n").getBytes(StandardCharsets.US_ASCII);
            at = 0;
            return true;
        }

        @Override
        public int read() {
            return fill() ? line[at++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            int n = 0;
            while (n < len && fill()) {
                int chunk = Math.min(len - n, line.length - at);
                System.arraycopy(line, at, b, off + n, chunk);
                at += chunk;
                n += chunk;
            }
            return n == 0 ? -1 : n;
        }
    }

    /** Drops a deleted job's cached rounds. */
    void forget(Sen2CorJob job) {
        String prefix = JobFolder.of(job).toString();
        cache.keySet().removeIf(uri -> uri.startsWith(prefix));
    }

    int cachedRounds() {
        return cache.size();
    }

    /**
     * A round's product list: round 0 is the spec or the status itself, unless its selection was too large for status
     * (then it is read back from the store like later rounds, once, and cached until the job goes).
     */
    List<String> products(S3Client s3, Sen2CorJob job, int round, String manifestUri) {
        if (round == 0 && JobScenes.keptAt(job) == null) {
            return JobScenes.of(job);
        }
        return cache.computeIfAbsent(round == 0 ? JobScenes.keptAt(job) : manifestUri, uri -> read(s3, uri));
    }

    /** The ids of a manifest, one per line. */
    static List<String> read(S3Client s3, String uri) {
        S3Location at = S3Location.parse(uri);
        String text = s3.getObjectAsBytes(r -> r.bucket(at.bucket()).key(at.key())).asUtf8String();
        return Arrays.stream(text.split("\n")).filter(l -> !l.isBlank()).toList();
    }
}
