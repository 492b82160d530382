package io.sen2cor.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import io.sen2cor.operator.api.Sen2CorJob;
import io.sen2cor.operator.contract.RecordAccessDenied;
import io.sen2cor.operator.testing.LocalOperator;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Result records read back for jobs AWS Batch forgot. Under the documented policy (s3:ListBucket on the bucket) S3
 * answers a missing record with 404 and a refused one with 403: only the first means "no record".
 */
class OutputRecordsTest {

    static final String A = "S2A_MSIL1C_20190122T075221_N0207_R135_T36NXF_20190122T091707";
    static final String B = "S2A_MSIL1C_20190122T075221_N0207_R135_T36NXG_20190122T091707";

    /** S3 with these keys; any other key is answered with {@code missingStatus} (404 missing, 403 refused). */
    static S3Client s3(Map<String, String> objects, int missingStatus) {
        return new S3Client() {
            @Override
            public <T> T getObject(GetObjectRequest request, ResponseTransformer<GetObjectResponse, T> transformer) {
                String body = objects.get(request.key());
                if (body == null && missingStatus == 404) {
                    throw NoSuchKeyException.builder().statusCode(404).message("The specified key does not exist.").build();
                }
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
    void aMissingRecordCountsAsFailedButARefusedOneIsReportedNotCounted() {
        Sen2CorJob job = LocalOperator.example("sen2corjob-kenya.yaml", Sen2CorJob.class);
        JobSnapshot snapshot = OutputRecords.resolve(s3(Map.of("kenya/" + A + "/result.json", "{\"status\":\"SUCCEEDED\"}"), 404),
                job, "job-1", List.of(A, B));
        assertThat(snapshot.summary()).containsEntry("SUCCEEDED", 1).containsEntry("FAILED", 1);

        // a bucket encrypted with a KMS key the reader may not use: the record is there, S3 refuses it
        assertThatThrownBy(() -> OutputRecords.resolve(s3(Map.of("kenya/" + A + "/result.json", "{\"status\":\"SUCCEEDED\"}"), 403),
                job, "job-1", List.of(A, B))).isInstanceOf(RecordAccessDenied.class)
                .hasMessageContaining("access denied reading s3://eo-l2a/kenya/" + B + "/result.json")
                .hasMessageContaining("kms:Decrypt");
    }

    @Test
    void otherS3ErrorsStillSurface() {
        Sen2CorJob job = LocalOperator.example("sen2corjob-kenya.yaml", Sen2CorJob.class);
        assertThatThrownBy(() -> OutputRecords.resolve(s3(Map.of(), 500), job, "job-1", List.of(A)))
                .isInstanceOf(S3Exception.class);
    }
}
