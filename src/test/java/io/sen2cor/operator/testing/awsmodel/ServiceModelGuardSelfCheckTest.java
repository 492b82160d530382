package io.sen2cor.operator.testing.awsmodel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.batch.model.ArrayProperties;
import software.amazon.awssdk.services.batch.model.CEState;
import software.amazon.awssdk.services.batch.model.ComputeResourceUpdate;
import software.amazon.awssdk.services.batch.model.JobTimeout;
import software.amazon.awssdk.services.batch.model.SubmitJobRequest;
import software.amazon.awssdk.services.batch.model.UpdateComputeEnvironmentRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;

/** The guard can fail: requests AWS refuses are reported with the member that breaks the model. */
class ServiceModelGuardSelfCheckTest {

    @AfterEach
    void forgetWhatThisTestProvoked() {
        ServiceModelGuard.drain();
    }

    @Test
    void aConformingRequestPasses() {
        ServiceModelGuard.check(SubmitJobRequest.builder().jobName("scene-1").jobQueue("q").jobDefinition("d")
                .tags(Map.of("sen2cor.io/job", "ns/name")).timeout(JobTimeout.builder().attemptDurationSeconds(3600).build())
                .build());
        assertThat(ServiceModelGuard.drain()).isEmpty();
    }

    @Test
    void missingRequiredMembersAndModelLimitsBotocoreSkipsAreViolations() {
        ServiceModelGuard.check(SubmitJobRequest.builder().jobName("scene-1").jobQueue("q")
                .tags(Map.of("k", "v".repeat(257))).build());
        List<String> found = ServiceModelGuard.drain();
        assertThat(found).anySatisfy(v -> assertThat(v).contains("jobDefinition: required member missing"));
        assertThat(found).anySatisfy(v -> assertThat(v).contains("tags[k]: length 257 is above the maximum 256"));
    }

    @Test
    void unknownEnumValuesAndProseLimitsAreViolations() {
        ServiceModelGuard.check(UpdateComputeEnvironmentRequest.builder().computeEnvironment("ce")
                .state("PAUSED").computeResources(ComputeResourceUpdate.builder().build()).build());
        ServiceModelGuard.check(SubmitJobRequest.builder().jobName("-bad").jobQueue("q").jobDefinition("d")
                .timeout(JobTimeout.builder().attemptDurationSeconds(30).build())
                .arrayProperties(ArrayProperties.builder().size(10_001).build()).build());
        List<String> found = ServiceModelGuard.drain();
        assertThat(found).anySatisfy(v -> assertThat(v).contains("'PAUSED' is not one of"));
        assertThat(found).anySatisfy(v -> assertThat(v).contains("an empty computeResources is refused"));
        assertThat(found).anySatisfy(v -> assertThat(v).contains("starting with a letter or number"));
        assertThat(found).anySatisfy(v -> assertThat(v).contains("below AWS Batch's minimum of 60"));
        assertThat(found).anySatisfy(v -> assertThat(v).contains("10001 is outside 2-10,000"));
        ServiceModelGuard.check(UpdateComputeEnvironmentRequest.builder().computeEnvironment("ce")
                .state(CEState.ENABLED).build());
        assertThat(ServiceModelGuard.drain()).isEmpty();
    }

    @Test
    void otherServicesAreCheckedAgainstTheirOwnModel() {
        ServiceModelGuard.check(GetObjectRequest.builder().bucket("b").build());
        assertThat(ServiceModelGuard.drain()).anySatisfy(v -> assertThat(v).startsWith("s3 GetObject")
                .contains("Key: required member missing"));
    }
}
