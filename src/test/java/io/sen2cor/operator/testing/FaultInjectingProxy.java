package io.sen2cor.operator.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A small HTTP proxy in front of moto that fails a share of the calls the way AWS does under pressure: 400
 * ThrottlingException, 429, 500, 503, a dropped connection, or, worst of all, a call that reached AWS and whose
 * answer was lost. Seeded, so a run can be repeated. Test-only.
 */
public final class FaultInjectingProxy implements AutoCloseable {

    private static final Set<String> HOP_BY_HOP = Set.of("connection", "content-length", "host", "transfer-encoding",
            "expect", "upgrade", "keep-alive");

    private final HttpServer server;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI target;
    private final double share;
    private final Random random;
    public final AtomicLong forwarded = new AtomicLong();
    public final AtomicLong injected = new AtomicLong();

    private volatile boolean fixMotoVcpus;
    private volatile boolean recordCalls;
    private volatile boolean refuseFlexibleChecksums;
    /** Requests refused by {@link #refuseFlexibleChecksums()}. */
    public final AtomicLong refused = new AtomicLong();

    /** One forwarded call: the AWS Batch operation (the path's last segment) or "s3", timings, status, request. */
    /** @param requestBody AWS Batch calls' JSON body; for S3 calls, empty ({@code path} names the object) */
    public record Call(String operation, long sentNanos, long answeredNanos, int status, String requestBody, String path) {
    }

    /** The forwarded calls, in the order they were answered, when {@link #recordCalls()} was asked for. */
    public final List<Call> calls = Collections.synchronizedList(new ArrayList<>());

    /** Keeps every forwarded call (AWS Batch request bodies included) in {@link #calls}. */
    public FaultInjectingProxy recordCalls() {
        this.recordCalls = true;
        return this;
    }

    /**
     * Refuses what several S3-compatible stores refuse (OVHcloud lists x-amz-sdk-checksum-algorithm and the
     * STREAMING-UNSIGNED-PAYLOAD-TRAILER content hash as unsupported; Cloudflare R2 answers "Unsupported header
     * 'x-amz-sdk-checksum-algorithm'"): any request with a flexible checksum header, a checksum trailer or a
     * trailer content hash gets a 400 NotImplemented before it reaches the store. An emulation of that refusal, the
     * store behind stays moto.
     */
    public FaultInjectingProxy refuseFlexibleChecksums() {
        this.refuseFlexibleChecksums = true;
        return this;
    }

    private static boolean flexibleChecksum(HttpExchange exchange) {
        return exchange.getRequestHeaders().entrySet().stream().anyMatch(h -> {
            String name = h.getKey().toLowerCase();
            return name.equals("x-amz-sdk-checksum-algorithm") || name.startsWith("x-amz-checksum-") || name.equals("x-amz-trailer")
                    || name.equals("x-amz-content-sha256") && h.getValue().stream().anyMatch(v -> v.contains("TRAILER"));
        });
    }

    private volatile AwsLikeBatchJobs awsLikeJobs;
    private volatile AwsLikeS3 awsLikeS3;
    /** Calls moto answered later than the set latency (the AWS-like mode then measured moto, not the set time). */
    public final AtomicLong late = new AtomicLong();
    private volatile long batchLatencyNanos;
    private volatile long s3LatencyNanos;

    /**
     * Makes the proxy answer like AWS rather than like moto (the benchmark's AWS-like endpoint): AWS Batch's job
     * calls are answered by {@code jobs} (from memory, with SubmitJob's quota), the objects of {@code s3}'s buckets
     * by {@code s3}, everything else by moto; no answer comes sooner than the set latency after the request arrived
     * (moto's time counts toward it). Many calls are served at once, as AWS does.
     */
    public FaultInjectingProxy awsLike(AwsLikeBatchJobs jobs, AwsLikeS3 s3, java.time.Duration batchLatency,
            java.time.Duration s3Latency) {
        this.batchLatencyNanos = batchLatency.toNanos();
        this.s3LatencyNanos = s3Latency.toNanos();
        this.awsLikeJobs = jobs;
        this.awsLikeS3 = s3;
        return this;
    }

    /** Back to a pass-through to moto: no latency added, every call answered by moto. */
    public FaultInjectingProxy passThrough() {
        this.awsLikeJobs = null;
        this.awsLikeS3 = null;
        this.batchLatencyNanos = 0;
        this.s3LatencyNanos = 0;
        return this;
    }

    /** Rewrites moto's {@code "vcpus": 1.0} in DescribeJobs answers to the integer AWS sends (see MotoBatchGaps). */
    public FaultInjectingProxy fixMotoVcpus() {
        this.fixMotoVcpus = true;
        return this;
    }

    public FaultInjectingProxy(URI target, double share, long seed) throws IOException {
        this.target = target;
        this.share = share;
        this.random = new Random(seed);
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        // one thread per call in flight: the AWS-like mode holds each answer for its latency
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        long received = System.nanoTime();
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        if (refuseFlexibleChecksums && flexibleChecksum(exchange)) {
            refused.incrementAndGet();
            byte[] out = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>NotImplemented</Code><Message>Unsupported header "
                    + "'x-amz-sdk-checksum-algorithm' received for this API call.</Message></Error>").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/xml");
            exchange.sendResponseHeaders(400, out.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(out);
            }
            exchange.close();
            return;
        }
        double roll;
        int fault;
        synchronized (random) {
            roll = random.nextDouble();
            fault = random.nextInt(6);
        }
        if (roll < share) {
            injected.incrementAndGet();
            switch (fault) {
                case 0 -> respond(exchange, 400, "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}");
                case 1 -> respond(exchange, 429, "{\"__type\":\"TooManyRequestsException\",\"message\":\"Too Many Requests\"}");
                case 2 -> respond(exchange, 500, "{\"__type\":\"ServerException\",\"message\":\"injected internal error\"}");
                case 3 -> respond(exchange, 503, "{\"__type\":\"ServiceUnavailable\",\"message\":\"injected unavailable\"}");
                case 4 -> exchange.close(); // connection dropped before the call reached AWS
                default -> {
                    forward(exchange, body); // the call is made, then the answer is lost
                    return;
                }
            }
            return;
        }
        String path = exchange.getRequestURI().getPath();
        boolean batch = path.startsWith("/v1/");
        long answerAt = received + (batch ? batchLatencyNanos : s3LatencyNanos);
        AwsLikeBatchJobs jobs = awsLikeJobs;
        var local = jobs == null || !batch ? java.util.Optional.<AwsLikeBatchJobs.Answer>empty()
                : jobs.answer(path.substring(4), new String(body, StandardCharsets.UTF_8));
        AwsLikeS3 objects = awsLikeS3;
        if (objects != null && !batch) {
            Map<String, List<String>> headers = new HashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values));
            var answer = objects.answer(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestURI().getRawQuery(), headers, body);
            if (answer.isPresent()) {
                waitUntil(answerAt);
                if (recordCalls) {
                    calls.add(new Call("s3", received, System.nanoTime(), answer.get().status(), "", path));
                }
                answer.get().headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
                if (answer.get().contentType() != null) {
                    exchange.getResponseHeaders().add("Content-Type", answer.get().contentType());
                }
                byte[] out = answer.get().body();
                exchange.sendResponseHeaders(answer.get().status(), out.length == 0 ? -1 : out.length);
                if (out.length > 0) {
                    try (OutputStream os = exchange.getResponseBody()) {
                        os.write(out);
                    }
                }
                exchange.close();
                return;
            }
        }
        if (local.isPresent()) {
            waitUntil(answerAt);
            if (recordCalls) {
                calls.add(new Call(path.substring(4), received, System.nanoTime(), local.get().status(),
                        new String(body, StandardCharsets.UTF_8), path));
            }
            respond(exchange, local.get().status(), local.get().json());
            return;
        }
        forwarded.incrementAndGet();
        send(exchange, body, false, answerAt);
    }

    private static void waitUntil(long nanoTime) {
        long wait = nanoTime - System.nanoTime();
        if (wait > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void forward(HttpExchange exchange, byte[] body) throws IOException {
        send(exchange, body, true, 0);
    }

    private void send(HttpExchange exchange, byte[] body, boolean loseAnswer, long answerAt) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString()))
                .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase())) {
                values.forEach(v -> request.header(name, v));
            }
        });
        try {
            long sent = System.nanoTime();
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (answerAt != 0 && System.nanoTime() > answerAt && (batchLatencyNanos > 0 || s3LatencyNanos > 0)) {
                late.incrementAndGet();
            }
            waitUntil(answerAt);
            if (recordCalls) {
                String path = exchange.getRequestURI().getPath();
                boolean batch = path.startsWith("/v1/");
                calls.add(new Call(batch ? path.substring(4) : "s3", sent, System.nanoTime(), response.statusCode(),
                        batch ? new String(body, StandardCharsets.UTF_8) : "", path));
            }
            if (loseAnswer) {
                exchange.close();
                return;
            }
            response.headers().map().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase()) && !name.startsWith(":")) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            byte[] out = response.body();
            if (fixMotoVcpus && exchange.getRequestURI().getPath().contains("describejobs")) {
                out = MotoBatchGaps.integerVcpus(new String(out, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
            }
            exchange.sendResponseHeaders(response.statusCode(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                try (OutputStream os = exchange.getResponseBody()) {
                    os.write(out);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            exchange.close();
        }
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] out = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        if (status >= 300) {
            exchange.getResponseHeaders().add("x-amzn-ErrorType", json.substring(json.indexOf(":\"") + 2, json.indexOf("\",")));
        }
        exchange.sendResponseHeaders(status, out.length);
        try (OutputStream os = exchange.getResponseBody()) {
            os.write(out);
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
