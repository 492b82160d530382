package io.sen2cor.operator.testing;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * S3Proxy (an S3-compatible server that is not moto, standing in for MinIO, Ceph or CDSE's eodata) with its filesystem
 * back end, as its own process on 127.0.0.1: its self-contained jar is copied to target/s3proxy by the build (its
 * jclouds needs Guice 7, the test classpath has Quarkus's Guice 5).
 */
public final class S3ProxyServer implements AutoCloseable {

    public static final String IDENTITY = "identity";
    public static final String CREDENTIAL = "credential";

    private final Process process;
    private final URI endpoint;

    private S3ProxyServer(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    public static S3ProxyServer start(Path dir) throws IOException, InterruptedException {
        Path jar = Projects.dir().resolve("target/s3proxy/s3proxy.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: the build copies it (maven-dependency-plugin, s3proxy)");
        }
        int port = MotoServer.freePort();
        Path store = Files.createDirectories(dir.resolve("store"));
        Path properties = dir.resolve("s3proxy.properties");
        Files.writeString(properties, String.join("\n", List.of(
                "s3proxy.endpoint=http://127.0.0.1:" + port,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + IDENTITY,
                "s3proxy.credential=" + CREDENTIAL,
                "jclouds.provider=filesystem",
                "jclouds.filesystem.basedir=" + store)) + "\n");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString(),
                "--properties", properties.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("s3proxy.log").toFile()).start();
        S3ProxyServer server = new S3ProxyServer(p, URI.create("http://127.0.0.1:" + port));
        for (int i = 0; i < 300; i++) {
            if (!p.isAlive()) {
                throw new IllegalStateException("S3Proxy exited: " + Files.readString(dir.resolve("s3proxy.log")));
            }
            try (Socket s = new Socket("127.0.0.1", port)) {
                return server;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        server.close();
        throw new IllegalStateException("S3Proxy did not listen on " + port + " within 30 s");
    }

    public URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
