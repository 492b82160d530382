package io.sen2cor.operator.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.sen2cor.operator.contract.RunnerContract;
import io.sen2cor.operator.testing.Projects;
import io.sen2cor.operator.testing.S3ProxyServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The runner against an S3-compatible store that is not moto ({@link S3ProxyServer}): a .SAFE is read from one bucket,
 * the L2A product and result.json written to another. With a custom endpoint the runner sends checksums only when a
 * request requires them (AWS SDK 2.30+ adds CRC32 to every upload by default, which several such stores refuse).
 * S3Proxy 3.3 accepts both ways, so this shows the runner works against a store other than moto, not that setting.
 */
class S3CompatibleStoreTest {

    static final String ID = RunnerTest.ID;

    @TempDir
    Path dir;

    S3ProxyServer server;
    S3Client s3;

    @BeforeEach
    void start() throws Exception {
        server = S3ProxyServer.start(dir);
        s3 = S3Client.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(S3ProxyServer.IDENTITY, S3ProxyServer.CREDENTIAL)))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED).build();
        s3.createBucket(r -> r.bucket("eodata"));
        s3.createBucket(r -> r.bucket("eo-l2a"));
    }

    @AfterEach
    void stop() throws Exception {
        s3.close();
        server.close();
    }

    void put(String bucket, String key, String body) {
        s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromString(body));
    }

    @Test
    void aSafeIsReadAndTheL2aProductWrittenThroughAStoreThatIsNotAws() throws Exception {
        String folder = "Sentinel-2/MSI/L1C/2019/01/22/";
        RunnerTest.safeFiles(ID).forEach((path, body) -> put("eodata", folder + path, body));
        put("eodata", folder + ID + ".SAFE/GRANULE/" + RunnerTest.GRANULE + "/IMG_DATA/T36NXF_20190122T075221_B02.jp2", "b02".repeat(1000));
        put("eo-l2a", "_sen2cor/manifest.txt", ID + "\n");
        Path aux = Files.createDirectories(dir.resolve("aux/aux_data"));
        Path wrapper = RunnerTest.standIn(dir, "L2A_Process", Map.of("FAKE_SEN2COR_AUX_DIR", aux.toString()));
        for (String file : Sen2CorProcess.auxFilesFor(RunnerContract.DEFAULT_SEN2COR_VERSION)) {
            Files.writeString(aux.resolve(file), "stand-in");
        }
        Map<String, String> env = new HashMap<>();
        env.put(RunnerContract.MANIFEST_URI, "s3://eo-l2a/_sen2cor/manifest.txt");
        env.put(RunnerContract.OUTPUT_URI, "s3://eo-l2a/kenya/");
        env.put(RunnerContract.OUTPUT_ENDPOINT, server.endpoint().toString());
        env.put(RunnerContract.SOURCE_TYPE, "s3Safe");
        env.put(RunnerContract.SOURCE_BUCKET, "eodata");
        env.put(RunnerContract.SOURCE_PREFIX, "Sentinel-2/MSI/L1C/");
        env.put(RunnerContract.SOURCE_ENDPOINT, server.endpoint().toString());
        env.put(RunnerContract.SOURCE_REQUESTER_PAYS, "false");
        env.put(RunnerContract.AUX_DATA_PATH, aux.toString());
        env.put(RunnerSettings.WORK_DIR, dir.resolve("work").toString());
        env.put(RunnerSettings.L2A_PROCESS, wrapper.toString());
        env.put(RunnerSettings.GIPP_TEMPLATE, Projects.dir().resolve("src/test/resources/runner/L2A_GIPP.xml").toString());
        env.put("AWS_ACCESS_KEY_ID", S3ProxyServer.IDENTITY);
        env.put("AWS_SECRET_ACCESS_KEY", S3ProxyServer.CREDENTIAL);
        env.put("SEN2COR_SOURCE_AWS_ACCESS_KEY_ID", S3ProxyServer.IDENTITY);
        env.put("SEN2COR_SOURCE_AWS_SECRET_ACCESS_KEY", S3ProxyServer.CREDENTIAL);

        ByteArrayOutputStream log = new ByteArrayOutputStream();
        int exit = new Runner(env, new PrintStream(log, true, StandardCharsets.UTF_8)).run();

        assertThat(exit).as(log.toString(StandardCharsets.UTF_8)).isZero();
        String result = s3.getObjectAsBytes(r -> r.bucket("eo-l2a").key("kenya/" + ID + "/result.json")).asUtf8String();
        assertThat(RunnerTest.JSON.readTree(result).path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(RunnerTest.JSON.readTree(result).path("bytesDownloaded").asLong()).isPositive();
        assertThat(s3.listObjectsV2(r -> r.bucket("eo-l2a").prefix("kenya/S2A_MSIL2A_")).contents())
                .anyMatch(o -> o.key().endsWith("MTD_MSIL2A.xml")).anyMatch(o -> o.key().endsWith("T36NXF_20190122T075221_B02_10m.jp2"));
    }
}
