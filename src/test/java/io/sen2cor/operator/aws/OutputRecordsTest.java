package io.sen2cor.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

import io.sen2cor.operator.api.Sen2CorJob;
import io.sen2cor.operator.testing.LocalOperator;

/** Result records read back for jobs AWS Batch forgot, as S3 answers under the documented (ListBucket-free) policy. */
class OutputRecordsTest {

    static final String A = "S2A_MSIL1C_20190122T075221_N0207_R135_T36NXF_20190122T091707";
    static final String B = "S2A_MSIL1C_20190122T075221_N0207_R135_T36NXG_20190122T091707";

    /** S3 with these keys; any other key is answered with {@code missingStatus}, as S3 does without s3:ListBucket. */
    static S3Client s3(Map<String, String> objects, int missingStatus) {
        return new S3Client() {
            @Override
            public <T> T getObject(GetObjectRequest request, ResponseTransformer<GetObjectResponse, T> transformer) {
                String body = objects.get(request.key());
                if (body == null) {
                    throw (S3Exception) S3Exception.builder().statusCode(missingStatus).message("Access Denied").build();
                }
                try {
                    return transformer.transform(GetObjectResponse.builder().build(),
                            software.amazon.awssdk.http.AbortableInputStream.create(new java.io.ByteArrayInputStream(body.getBytes())));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public String serviceName() {
                return "s3";
            }

            @Override
            public void close() {
            }
        };
    }

    @Test
    void aMissingRecordAnsweredWith403CountsAsNotFinishedInsteadOfFailingRecoveryForEver() {
        Sen2CorJob job = LocalOperator.example("sen2corjob-kenya.yaml", Sen2CorJob.class);
        var s3 = s3(Map.of("kenya/" + A + "/result.json", "{\"status\":\"SUCCEEDED\"}"), 403);

        JobSnapshot snapshot = OutputRecords.resolve(s3, job, "job-1", List.of(A, B));

        assertThat(snapshot.status()).isEqualTo("FAILED");
        assertThat(snapshot.summary()).containsEntry("SUCCEEDED", 1).containsEntry("FAILED", 1);
    }

    @Test
    void otherS3ErrorsStillSurface() {
        Sen2CorJob job = LocalOperator.example("sen2corjob-kenya.yaml", Sen2CorJob.class);
        assertThatThrownBy(() -> OutputRecords.resolve(s3(Map.of(), 500), job, "job-1", List.of(A)))
                .isInstanceOf(S3Exception.class);
    }
}
