package io.sen2cor.operator.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.sun.net.httpserver.HttpServer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.batch.model.JobDetail;

/**
 * Replays a recorded DescribeJobs answer (src/test/resources/aws/describe-jobs, with its sources) to the real SDK from
 * 127.0.0.1, so tests read the answer the way the operator does: through the SDK's own unmarshalling.
 */
public final class RecordedBatch {

    static final Path DIR = Projects.dir().resolve("src/test/resources/aws/describe-jobs");

    private RecordedBatch() {
    }

    /** The jobs of the recorded answer {@code file}, as the SDK's DescribeJobs returns them. */
    public static List<JobDetail> describeJobs(String file) {
        byte[] body;
        try {
            body = Files.readAllBytes(DIR.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/v1/describejobs", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try (BatchClient batch = BatchClient.builder().region(Region.EU_CENTRAL_1)
                .endpointOverride(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .httpClientBuilder(ApacheHttpClient.builder()).build()) {
            return batch.describeJobs(r -> r.jobs("recorded")).jobs();
        } finally {
            server.stop(0);
        }
    }
}
