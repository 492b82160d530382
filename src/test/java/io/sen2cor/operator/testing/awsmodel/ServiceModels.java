package io.sen2cor.operator.testing.awsmodel;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.sen2cor.operator.testing.MotoServer;

/**
 * AWS's own service models (the JSON that botocore ships, read from the moto venv the AWS test tier installs;
 * never copied into the repository). One model per botocore service name, newest API version, plain or gzipped.
 */
public final class ServiceModels {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, JsonNode> LOADED = new ConcurrentHashMap<>();

    private ServiceModels() {
    }

    /** The model of a botocore service ("batch", "ec2", "iam", "s3", "sts", "logs"). */
    public static JsonNode of(String service) {
        return LOADED.computeIfAbsent(service, ServiceModels::load);
    }

    /** botocore's data directory inside the moto venv. */
    static Path botocoreData() {
        Path venv = MotoServer.installedServer().getParent().getParent();
        try (Stream<Path> libs = Files.list(venv.resolve("lib"))) {
            return libs.map(lib -> lib.resolve("site-packages/botocore/data")).filter(Files::isDirectory).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no botocore/data under " + venv.resolve("lib")
                            + "; moto's venv should contain botocore as a moto dependency"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode load(String service) {
        Path versions = botocoreData().resolve(service);
        try (Stream<Path> dirs = Files.list(versions)) {
            Path newest = dirs.filter(Files::isDirectory).max(Comparator.comparing(p -> p.getFileName().toString()))
                    .orElseThrow(() -> new IllegalStateException("no API version under " + versions));
            Path plain = newest.resolve("service-2.json");
            Path gzipped = newest.resolve("service-2.json.gz");
            try (InputStream in = Files.exists(plain) ? Files.newInputStream(plain)
                    : new GZIPInputStream(Files.newInputStream(gzipped))) {
                return JSON.readTree(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the " + service + " service model under " + versions, e);
        }
    }
}
