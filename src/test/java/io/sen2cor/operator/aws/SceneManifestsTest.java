package io.sen2cor.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.sen2cor.operator.api.Sen2CorJob;
import io.sen2cor.operator.testing.LocalOperator;
import io.sen2cor.operator.testing.MotoServer;
import io.sen2cor.operator.testing.WithMoto;

/** Scene manifests on moto's S3: what the operator keeps in memory of them, and for how long. */
@WithMoto
class SceneManifestsTest {

    @Test
    void onlyRetryRoundsAreCachedAndADeletedJobsAreDropped(MotoServer moto) {
        try (var aws = moto.clients()) {
            var s3 = aws.s3();
            s3.createBucket(r -> r.bucket("eo-l2a").createBucketConfiguration(c -> c.locationConstraint(MotoServer.REGION)));
            Sen2CorJob job = LocalOperator.example("sen2corjob-kenya.yaml", Sen2CorJob.class);
            job.getMetadata().setUid("7d9c1a2e-0000-4000-8000-000000000001");
            SceneManifests manifests = new SceneManifests();

            manifests.write(s3, job, 0, job.getSpec().getProducts());
            assertThat(s3.getObjectAsBytes(r -> r.bucket("eo-l2a").key(SceneManifests.location(job, 0).key())).asUtf8String())
                    .as("streamed line by line: the ids, each ended by a newline")
                    .isEqualTo(String.join("\n", job.getSpec().getProducts()) + "\n");
            assertThat(manifests.cachedRounds()).as("round 0 is the spec: no copy kept").isZero();
            assertThat(manifests.products(s3, job, 0, SceneManifests.location(job, 0).toString()))
                    .isSameAs(job.getSpec().getProducts());

            List<String> retry = List.of(job.getSpec().getProducts().get(0));
            String round1 = manifests.write(s3, job, 1, retry).toString();
            assertThat(manifests.cachedRounds()).isEqualTo(1);

            manifests.forget(job);
            assertThat(manifests.cachedRounds()).isZero();
            assertThat(manifests.products(s3, job, 1, round1)).as("read back from S3 after forgetting").isEqualTo(retry);
        }
    }
}
