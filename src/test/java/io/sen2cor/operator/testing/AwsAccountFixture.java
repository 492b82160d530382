package io.sen2cor.operator.testing;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.sen2cor.operator.api.BatchEnvironment;
import io.sen2cor.operator.api.ComputeEnvironmentSpec;
import io.sen2cor.operator.aws.AwsClients;
import software.amazon.awssdk.services.ec2.model.Filter;

/**
 * What a platform team prepares in an AWS account before a BatchEnvironment can work, created in moto: the
 * AWSServiceRoleForBatch, AWSServiceRoleForEC2Spot and AWSServiceRoleForEC2SpotFleet service-linked roles, the ecsInstanceRole instance profile, a launch template with two
 * versions, and the region's default subnet and security group.
 */
public final class AwsAccountFixture {

    public static final String SERVICE_LINKED_ROLE =
            "arn:aws:iam::123456789012:role/aws-service-role/batch.amazonaws.com/AWSServiceRoleForBatch";
    public static final String LAUNCH_TEMPLATE = "sen2cor-lt";
    /** A Spot Fleet role for BEST_FIT Spot, with the AWS managed tagging policy AWS requires on it. */
    public static final String SPOT_FLEET_ROLE = "arn:aws:iam::123456789012:role/service-role/sen2cor-spot-fleet";

    public final String subnet;
    public final String securityGroup;

    private AwsAccountFixture(String subnet, String securityGroup) {
        this.subnet = subnet;
        this.securityGroup = securityGroup;
    }

    /** {@link #prepare} plus the examples' output bucket, eo-l2a in eu-central-1. */
    public static AwsAccountFixture prepareWithOutputBucket(AwsClients aws) {
        AwsAccountFixture account = prepare(aws);
        aws.s3().createBucket(r -> r.bucket("eo-l2a").createBucketConfiguration(c -> c.locationConstraint("eu-central-1")));
        return account;
    }

    public static AwsAccountFixture prepare(AwsClients aws) {
        var iam = aws.iam();
        iam.createRole(r -> r.roleName("AWSServiceRoleForBatch").path("/aws-service-role/batch.amazonaws.com/")
                .assumeRolePolicyDocument("{}"));
        iam.createRole(r -> r.roleName("AWSServiceRoleForEC2Spot").path("/aws-service-role/spot.amazonaws.com/")
                .assumeRolePolicyDocument("{}"));
        iam.createRole(r -> r.roleName("AWSServiceRoleForEC2SpotFleet").path("/aws-service-role/spotfleet.amazonaws.com/")
                .assumeRolePolicyDocument("{}"));
        iam.createRole(r -> r.roleName("sen2cor-spot-fleet").path("/service-role/").assumeRolePolicyDocument("{}"));
        // moto loads no AWS managed policies (unless told to): a policy of the same name and path stands in for
        // arn:aws:iam::aws:policy/service-role/AmazonEC2SpotFleetTaggingRole
        String tagging = iam.createPolicy(r -> r.policyName("AmazonEC2SpotFleetTaggingRole").path("/service-role/")
                .policyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"ec2:CreateTags\","
                        + "\"Resource\":\"*\"}]}")).policy().arn();
        iam.attachRolePolicy(r -> r.roleName("sen2cor-spot-fleet").policyArn(tagging));
        iam.createInstanceProfile(r -> r.instanceProfileName("ecsInstanceRole"));
        var ec2 = aws.ec2();
        ec2.createLaunchTemplate(r -> r.launchTemplateName(LAUNCH_TEMPLATE).launchTemplateData(d -> d.imageId("ami-12345678")));
        ec2.createLaunchTemplateVersion(r -> r.launchTemplateName(LAUNCH_TEMPLATE).launchTemplateData(d -> d.imageId("ami-12345679")));
        String subnet = ec2.describeSubnets(r -> r.filters(Filter.builder().name("default-for-az").values("true").build()))
                .subnets().get(0).subnetId();
        String sg = ec2.describeSecurityGroups(r -> r.filters(Filter.builder().name("group-name").values("default").build()))
                .securityGroups().get(0).groupId();
        return new AwsAccountFixture(subnet, sg);
    }

    /**
     * examples/batchenvironment-spot.yaml as a user would fill it in for this account: real subnet and security
     * group ids, and the service-linked role named explicitly (moto requires a service role; AWS would default
     * to this one). Gets a fresh UID, as the API server would assign.
     */
    public BatchEnvironment exampleEnvironment() {
        BatchEnvironment env = LocalOperator.example("batchenvironment-spot.yaml", BatchEnvironment.class);
        env.getMetadata().setUid(UUID.randomUUID().toString());
        env.getMetadata().setGeneration(1L);
        env.getSpec().getAwsBatch().setRegion(MotoServer.REGION);
        env.getSpec().getAwsBatch().setServiceRole(SERVICE_LINKED_ROLE);
        for (ComputeEnvironmentSpec ce : env.getSpec().getAwsBatch().getComputeEnvironments()) {
            ce.setSubnets(List.of(subnet));
            ce.setSecurityGroups(List.of(securityGroup));
        }
        return env;
    }

    /** Applies {@link #exampleEnvironment} to a real API server as a user would, and waits until it is Ready. */
    public BatchEnvironment applyExampleEnvironment(io.fabric8.kubernetes.client.KubernetesClient client, Duration within) {
        BatchEnvironment env = exampleEnvironment();
        env.getMetadata().setUid(null);
        env.getMetadata().setGeneration(null);
        client.resource(env).serverSideApply();
        return org.awaitility.Awaitility.await().atMost(within).until(
                () -> client.resources(BatchEnvironment.class).withName(env.getMetadata().getName()).get(),
                e -> e != null && e.getStatus() != null && io.sen2cor.operator.status.Conditions.isTrue(
                        e.getStatus().getConditions(), io.sen2cor.operator.status.ConditionType.READY));
    }
}
