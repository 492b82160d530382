package io.sen2cor.operator.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * S3's object calls on a few buckets (PutObject, GetObject, HeadObject, DeleteObject, HeadBucket), path-style,
 * answered from memory for the benchmark's AWS-like endpoint (docs/benchmark.md): moto answers about 250 GETs a second
 * on this machine and took the benchmark's results phase for its own. Bodies sent with the SDK's aws-chunked
 * encoding (the flexible checksum's trailer) are decoded. Other buckets and calls go to moto. A simulation for
 * measurements; the operator's S3 path is tested against moto and S3Proxy.
 */
public final class AwsLikeS3 {

    /** An answer: HTTP status, content type, body (empty for none) and extra headers. */
    public record Answer(int status, String contentType, byte[] body, Map<String, String> headers) {
    }

    private final Set<String> buckets;
    private final Map<String, byte[]> objects = new ConcurrentHashMap<>();

    /** @param buckets the buckets answered here (created empty); requests for any other go to moto */
    public AwsLikeS3(Set<String> buckets) {
        this.buckets = Set.copyOf(buckets);
    }

    /** The objects kept here, by "bucket/key". */
    public int size() {
        return objects.size();
    }

    /**
     * @param path    the request's raw path, /bucket/key
     * @param query   the raw query, or null
     * @param headers request headers, names in lower case
     */
    public Optional<Answer> answer(String method, String path, String query, Map<String, List<String>> headers, byte[] body) {
        String[] parts = path.substring(1).split("/", 2);
        if (!buckets.contains(parts[0])) {
            return Optional.empty();
        }
        String key = parts.length == 2 ? java.net.URLDecoder.decode(parts[1].replace("+", "%2B"), StandardCharsets.UTF_8) : "";
        if (key.isEmpty()) {
            // HeadBucket and friends: the bucket is there; listings are not needed by the operator and go to moto
            return method.equals("HEAD") ? Optional.of(new Answer(200, null, new byte[0], Map.of())) : Optional.empty();
        }
        String id = parts[0] + "/" + key;
        return Optional.of(switch (method) {
            case "PUT" -> {
                if (query != null && !query.isEmpty() || headers.containsKey("x-amz-copy-source")) {
                    yield notImplemented("multipart uploads and copies are not answered here");
                }
                byte[] data = chunked(headers) ? decodeChunks(body) : body;
                objects.put(id, data);
                yield new Answer(200, null, new byte[0], Map.of("ETag", "\"" + md5(data) + "\""));
            }
            case "GET", "HEAD" -> {
                byte[] data = objects.get(id);
                if (data == null) {
                    yield new Answer(404, "application/xml", method.equals("HEAD") ? new byte[0] : ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                            + "<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>" + key
                            + "</Key></Error>").getBytes(StandardCharsets.UTF_8), Map.of());
                }
                yield new Answer(200, "application/octet-stream", method.equals("HEAD") ? new byte[0] : data,
                        Map.of("ETag", "\"" + md5(data) + "\"", "Last-Modified", "Mon, 07 Dec 2026 00:00:00 GMT"));
            }
            case "DELETE" -> {
                objects.remove(id);
                yield new Answer(204, null, new byte[0], Map.of());
            }
            default -> notImplemented(method + " is not answered here");
        });
    }

    private static boolean chunked(Map<String, List<String>> headers) {
        return headers.getOrDefault("content-encoding", List.of()).stream().anyMatch(v -> v.contains("aws-chunked"))
                || headers.getOrDefault("x-amz-content-sha256", List.of()).stream().anyMatch(v -> v.startsWith("STREAMING-"));
    }

    /** aws-chunked: "<hex size>[;chunk-signature=...]\r\n<data>\r\n" until a chunk of size 0, then trailers. */
    static byte[] decodeChunks(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length);
        int at = 0;
        while (at < body.length) {
            int lineEnd = indexOf(body, at);
            String header = new String(body, at, lineEnd - at, StandardCharsets.US_ASCII);
            int size = Integer.parseInt(header.split(";", 2)[0].trim(), 16);
            if (size == 0) {
                break;
            }
            out.write(body, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] body, int from) {
        for (int i = from; i + 1 < body.length; i++) {
            if (body[i] == '\r' && body[i + 1] == '\n') {
                return i;
            }
        }
        throw new IllegalArgumentException("aws-chunked body without a line end after byte " + from);
    }

    private static Answer notImplemented(String message) {
        return new Answer(501, "application/xml", ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>NotImplemented</Code><Message>"
                + message + "</Message></Error>").getBytes(StandardCharsets.UTF_8), Map.of());
    }

    private static String md5(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
