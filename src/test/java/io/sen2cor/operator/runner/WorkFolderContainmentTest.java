package io.sen2cor.operator.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import io.sen2cor.operator.contract.RunnerContract;
import io.sen2cor.operator.testing.MotoServer;
import io.sen2cor.operator.testing.WithMoto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A tenant who controls the source bucket controls its keys: a key with {@code ../} must not write outside the
 * product's folder, and a zipped product must not unpack without bound (docs/security.md, "The runner").
 */
@WithMoto
class WorkFolderContainmentTest {

    static final String ID = "S2A_MSIL1C_20190122T075221_N0207_R135_T36NXF_20190122T091707";

    @TempDir
    Path work;

    @Test
    void aSafeKeyThatClimbsOutOfTheProductIsRefusedAndWritesNothing(MotoServer moto) {
        S3Client s3 = moto.clients().s3();
        s3.createBucket(r -> r.bucket("tenant-source").createBucketConfiguration(c -> c.locationConstraint("eu-central-1")));
        s3.putObject(r -> r.bucket("tenant-source").key("l1c/" + ID + ".SAFE/MTD_MSIL1C.xml"), RequestBody.fromString("<x/>"));
        s3.putObject(r -> r.bucket("tenant-source").key("l1c/" + ID + ".SAFE/../../../escaped.txt"), RequestBody.fromString("pwned"));
        try (S3Transfers transfers = new S3Transfers(2)) {
            assertThatThrownBy(() -> new S3SafeSource(s3, "tenant-source", "l1c/", false, transfers).fetch(ID, work.resolve("in")))
                    .isInstanceOfSatisfying(RunnerFailure.class,
                            f -> assertThat(f.exitCode()).isEqualTo(RunnerContract.EXIT_INVALID_PRODUCT))
                    .hasMessageContaining("outside the product's folder");
        }
        assertThat(work.resolve("escaped.txt")).doesNotExist();
        assertThat(work.getParent().resolve("escaped.txt")).doesNotExist();
    }

    @Test
    void aZipBombStopsAtTheLimitAndAZipSlipIsRefused() throws IOException {
        Path bomb = work.resolve("bomb.zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(bomb))) {
            z.putNextEntry(new ZipEntry(ID + ".SAFE/zeros.bin"));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 64; i++) {
                z.write(zeros); // 64 MiB that compress to about 64 KiB
            }
            z.closeEntry();
        }
        assertThat(Files.size(bomb)).isLessThan(1 << 20);
        Path out = work.resolve("out");
        assertThatThrownBy(() -> S3ZipSource.unzip(bomb, out, ID, 16L << 20, 100))
                .hasMessageContaining("unpacks to more than 16 MiB");
        assertThat(Files.size(out.resolve(ID + ".SAFE/zeros.bin"))).isLessThanOrEqualTo(16L << 20);

        Path many = work.resolve("many.zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(many))) {
            for (int i = 0; i < 101; i++) {
                z.putNextEntry(new ZipEntry(ID + ".SAFE/f" + i));
                z.closeEntry();
            }
        }
        assertThatThrownBy(() -> S3ZipSource.unzip(many, work.resolve("out2"), ID, 16L << 20, 100))
                .hasMessageContaining("more than 100 entries");

        Path slip = work.resolve("slip.zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(slip))) {
            z.putNextEntry(new ZipEntry("../../slipped.txt"));
            try (OutputStream ignored = OutputStream.nullOutputStream()) {
                z.write("x".getBytes());
            }
            z.closeEntry();
        }
        assertThatThrownBy(() -> S3ZipSource.unzip(slip, work.resolve("out3"), ID)).hasMessageContaining("zip entry outside");
        assertThat(work.resolve("slipped.txt")).doesNotExist();
    }
}
