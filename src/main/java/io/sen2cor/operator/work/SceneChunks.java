package io.sen2cor.operator.work;

import java.util.ArrayList;
import java.util.List;

/**
 * A round's scene list cut into consecutive parts that each backend runs as one unit of work: an AWS Batch array job,
 * or a Kubernetes Indexed Job (pure).
 */
public final class SceneChunks {

    /** Scenes per part on both backends: AWS Batch's array size limit, and 10,000 ids fit in a ConfigMap. */
    public static final int SIZE = 10_000;

    private SceneChunks() {
    }

    /** Manifest lines {@code offset .. offset+size-1} of the round's scene list. */
    public record Chunk(int index, int offset, int size) {
    }

    /** Parts of at most {@code size} scenes, in manifest order; none for no scene. */
    public static List<Chunk> of(int scenes, int size) {
        List<Chunk> chunks = new ArrayList<>();
        for (int offset = 0, i = 0; offset < scenes; offset += size, i++) {
            chunks.add(new Chunk(i, offset, Math.min(size, scenes - offset)));
        }
        return chunks;
    }
}
