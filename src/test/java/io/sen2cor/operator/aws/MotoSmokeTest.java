package io.sen2cor.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.sen2cor.operator.testing.MotoServer;
import io.sen2cor.operator.testing.WithMoto;
import software.amazon.awssdk.services.batch.model.CEState;
import software.amazon.awssdk.services.batch.model.CEType;
import software.amazon.awssdk.services.batch.model.CRType;
import software.amazon.awssdk.services.batch.model.ComputeEnvironmentDetail;
import software.amazon.awssdk.services.ec2.model.Filter;

/** Proves the AWS tier talks to a real emulator: a compute environment is created in moto and read back. */
@WithMoto
class MotoSmokeTest {

    @Test
    void createsAndReadsBackAComputeEnvironment(MotoServer moto) {
        try (AwsClients aws = moto.clients()) {
            var iam = aws.iam();
            var ec2 = aws.ec2();
            var batch = aws.batch();
            String serviceRole = iam.createRole(r -> r.roleName("batch-service").assumeRolePolicyDocument("{}"))
                    .role().arn();
            iam.createInstanceProfile(r -> r.instanceProfileName("ecsInstanceRole"));
            String instanceProfile = iam.getInstanceProfile(r -> r.instanceProfileName("ecsInstanceRole"))
                    .instanceProfile().arn();
            String subnet = ec2.describeSubnets(r -> r.filters(Filter.builder().name("default-for-az").values("true").build()))
                    .subnets().get(0).subnetId();
            String sg = ec2.describeSecurityGroups(r -> r.filters(Filter.builder().name("group-name").values("default").build()))
                    .securityGroups().get(0).groupId();

            String arn = batch.createComputeEnvironment(r -> r.computeEnvironmentName("smoke-spot").type(CEType.MANAGED)
                    .state(CEState.ENABLED).serviceRole(serviceRole)
                    .computeResources(c -> c.type(CRType.SPOT).bidPercentage(40).minvCpus(0).maxvCpus(256)
                            .instanceTypes("optimal").instanceRole(instanceProfile).subnets(subnet).securityGroupIds(sg)))
                    .computeEnvironmentArn();

            ComputeEnvironmentDetail ce = batch.describeComputeEnvironments(r -> r.computeEnvironments("smoke-spot"))
                    .computeEnvironments().get(0);
            assertThat(ce.computeEnvironmentArn()).isEqualTo(arn).contains(":compute-environment/smoke-spot");
            assertThat(ce.statusAsString()).isEqualTo("VALID");
            assertThat(ce.computeResources().maxvCpus()).isEqualTo(256);
            assertThat(ce.computeResources().subnets()).containsExactly(subnet);
        }
    }

    @Test
    void resetBetweenTestsLeavesNoComputeEnvironments(MotoServer moto) {
        try (AwsClients aws = moto.clients()) {
            var batch = aws.batch();
            assertThat(batch.describeComputeEnvironments(r -> { }).computeEnvironments()).isEmpty();
        }
    }
}
