package io.sen2cor.operator.aws;

import static io.sen2cor.operator.aws.ComputeEnvironmentChange.Kind.NONE;
import static io.sen2cor.operator.aws.ComputeEnvironmentChange.Kind.REPLACE;
import static io.sen2cor.operator.aws.ComputeEnvironmentChange.Kind.UPDATE;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.sen2cor.operator.api.AllocationStrategy;
import io.sen2cor.operator.api.ComputeEnvironmentSpec;
import io.sen2cor.operator.api.LaunchTemplateRef;
import io.sen2cor.operator.api.Provisioning;
import io.sen2cor.operator.aws.ComputeEnvironmentChange.Kind;
import software.amazon.awssdk.services.batch.model.CEState;
import software.amazon.awssdk.services.batch.model.ComputeEnvironmentDetail;

/**
 * The AWS rules of docs/architecture.md, "AWS Batch", field by field: every spec field is changed alone against an observed compute
 * environment in each of the three situations AWS distinguishes (service-linked role with an updatable strategy,
 * BEST_FIT, custom service role).
 */
class ComputeEnvironmentChangeTest {

    static final String SLR = "arn:aws:iam::123456789012:role/aws-service-role/batch.amazonaws.com/AWSServiceRoleForBatch";
    static final String CUSTOM_ROLE = "arn:aws:iam::123456789012:role/batch-service";

    static ComputeEnvironmentSpec spot() {
        var ce = new ComputeEnvironmentSpec();
        ce.setName("spot");
        ce.setProvisioning(Provisioning.SPOT);
        ce.setAllocationStrategy(AllocationStrategy.SPOT_PRICE_CAPACITY_OPTIMIZED);
        ce.setMaxSpotPricePercent(40);
        ce.setInstanceTypes(List.of("optimal"));
        ce.setMinVcpus(0);
        ce.setMaxVcpus(256);
        ce.setInstanceRole("ecsInstanceRole");
        ce.setSubnets(List.of("subnet-0000000a", "subnet-0000000b"));
        ce.setSecurityGroups(List.of("sg-0000000a"));
        ce.setTags(Map.of("team", "eo"));
        return ce;
    }

    static ComputeEnvironmentShape shape(ComputeEnvironmentSpec spec, String serviceRole) {
        return ComputeEnvironmentShape.desired(spec, serviceRole, spec.getLaunchTemplate() == null ? null : "3");
    }

    /** The observed side as AWS reports it: built from a real SDK response object, as the backend does. */
    static ComputeEnvironmentShape observed(ComputeEnvironmentSpec spec, String serviceRole) {
        var request = ComputeEnvironmentRequests.create("env-spot", shape(spec, serviceRole), Map.of());
        var r = request.computeResources();
        var detail = ComputeEnvironmentDetail.builder().computeEnvironmentName("env-spot").state(CEState.ENABLED)
                .serviceRole(serviceRole == null ? SLR : serviceRole).computeResources(r).build();
        return ComputeEnvironmentShape.observed(detail);
    }

    static Stream<Arguments> singleFieldChanges() {
        // field, mutation, kind with SLR + updatable strategy, kind with BEST_FIT (SLR), kind with a custom role
        return Stream.of(
                row("minVcpus", ce -> ce.setMinVcpus(4), UPDATE, UPDATE, UPDATE),
                row("maxVcpus", ce -> ce.setMaxVcpus(512), UPDATE, UPDATE, UPDATE),
                row("desiredVcpus", ce -> ce.setDesiredVcpus(8), UPDATE, UPDATE, UPDATE),
                row("instanceTypes", ce -> ce.setInstanceTypes(List.of("c5", "m5")), UPDATE, REPLACE, REPLACE),
                row("imageId", ce -> ce.setImageId("ami-0123456789abcdef0"), UPDATE, REPLACE, REPLACE),
                row("imageType", ce -> ce.setImageType(io.sen2cor.operator.api.ImageType.ECS_AL2023_NVIDIA), UPDATE, REPLACE,
                        REPLACE),
                row("launchTemplate", ce -> ce.setLaunchTemplate(lt("sen2cor-lt")), UPDATE, REPLACE, REPLACE),
                row("maxSpotPricePercent", ce -> ce.setMaxSpotPricePercent(60), UPDATE, REPLACE, REPLACE),
                row("allocationStrategy", ce -> ce.setAllocationStrategy(AllocationStrategy.SPOT_CAPACITY_OPTIMIZED),
                        UPDATE, REPLACE, REPLACE),
                row("instanceRole", ce -> ce.setInstanceRole("otherProfile"), UPDATE, REPLACE, REPLACE),
                row("subnets", ce -> ce.setSubnets(List.of("subnet-0000000c")), UPDATE, REPLACE, REPLACE),
                row("securityGroups", ce -> ce.setSecurityGroups(List.of("sg-0000000b")), UPDATE, REPLACE, REPLACE),
                row("tags", ce -> ce.setTags(Map.of("team", "sar")), UPDATE, REPLACE, REPLACE),
                row("provisioning", ce -> {
                    ce.setProvisioning(Provisioning.ON_DEMAND);
                    ce.setMaxSpotPricePercent(null);
                    ce.setAllocationStrategy(AllocationStrategy.BEST_FIT_PROGRESSIVE);
                }, UPDATE, REPLACE, REPLACE),
                row("spotFleetRole", ce -> ce.setSpotFleetRole("arn:aws:iam::123456789012:role/fleet"),
                        REPLACE, REPLACE, REPLACE));
    }

    static Arguments row(String field, java.util.function.Consumer<ComputeEnvironmentSpec> mutation, Kind updatable,
            Kind bestFit, Kind customRole) {
        UnaryOperator<ComputeEnvironmentSpec> mutate = ce -> {
            mutation.accept(ce);
            return ce;
        };
        return Arguments.of(field, mutate, updatable, bestFit, customRole);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("singleFieldChanges")
    void classifiesEachFieldUnderEachAwsRule(String field, UnaryOperator<ComputeEnvironmentSpec> mutate, Kind updatable,
            Kind bestFit, Kind customRole) {
        assertThat(classify(spot(), mutate.apply(spot()), null)).as("service-linked role, SPOT_PRICE_CAPACITY_OPTIMIZED")
                .satisfies(c -> assertThat(c.kind()).isEqualTo(updatable))
                .satisfies(c -> assertThat(c.changes()).extracting(ComputeEnvironmentChange.FieldChange::field).contains(field));

        UnaryOperator<ComputeEnvironmentSpec> bestFitSpot = ce -> {
            ce.setAllocationStrategy(AllocationStrategy.BEST_FIT);
            ce.setSpotFleetRole("arn:aws:iam::123456789012:role/fleet");
            return ce;
        };
        var bestFitTarget = mutate.apply(bestFitSpot.apply(spot()));
        if (!field.equals("allocationStrategy") && !field.equals("provisioning")) {
            bestFitTarget.setAllocationStrategy(AllocationStrategy.BEST_FIT);
        }
        if (field.equals("spotFleetRole")) {
            bestFitTarget.setSpotFleetRole("arn:aws:iam::123456789012:role/other-fleet");
        }
        assertThat(classify(bestFitSpot.apply(spot()), bestFitTarget, null).kind()).as("BEST_FIT").isEqualTo(bestFit);

        assertThat(classify(spot(), mutate.apply(spot()), CUSTOM_ROLE).kind()).as("custom service role")
                .isEqualTo(customRole);
    }

    static ComputeEnvironmentChange classify(ComputeEnvironmentSpec current, ComputeEnvironmentSpec wanted, String role) {
        return ComputeEnvironmentChange.classify(shape(wanted, role), observed(current, role));
    }

    @Test
    void identicalSpecIsNoChangeWhateverTheListOrderOrProfileSpelling() {
        var wanted = spot();
        wanted.setSubnets(List.of("subnet-0000000b", "subnet-0000000a"));
        wanted.setInstanceRole("arn:aws:iam::123456789012:instance-profile/ecsInstanceRole");
        assertThat(classify(spot(), wanted, null)).isEqualTo(ComputeEnvironmentChange.NONE);
        assertThat(classify(spot(), spot(), CUSTOM_ROLE).kind()).isEqualTo(NONE);
    }

    @Test
    void desiredVcpusDriftIsIgnoredUnlessTheSpecSetsItAndNeverLowered() {
        var observedWithScaleOut = observedWithDesired(spot(), 64);
        assertThat(ComputeEnvironmentChange.classify(shape(spot(), null), observedWithScaleOut).kind())
                .as("Batch scaled out by itself; the spec does not set desiredVcpus").isEqualTo(NONE);

        var lower = spot();
        lower.setDesiredVcpus(16);
        assertThat(ComputeEnvironmentChange.classify(shape(lower, null), observedWithScaleOut).kind())
                .as("AWS cannot lower desiredvCpus below the current value").isEqualTo(NONE);

        var higher = spot();
        higher.setDesiredVcpus(128);
        var change = ComputeEnvironmentChange.classify(shape(higher, null), observedWithScaleOut);
        assertThat(change.kind()).isEqualTo(UPDATE);
        assertThat(change.describe()).isEqualTo("desiredVcpus 64 -> 128");
    }

    @Test
    void aSpotEnvironmentWithoutAPriceLeavesAwsDefaultAlone() {
        var unpriced = spot();
        unpriced.setMaxSpotPricePercent(null);
        assertThat(classify(spot(), unpriced, null).kind()).as("AWS may describe its default as 100, or the old value")
                .isEqualTo(NONE);
        var priced = spot();
        priced.setMaxSpotPricePercent(55);
        assertThat(classify(unpriced, priced, null).kind()).isEqualTo(UPDATE);
    }

    @Test
    void disabledOutsideTheOperatorIsReEnabledInPlace() {
        var current = spot();
        var detail = ComputeEnvironmentDetail.builder().state(CEState.DISABLED).serviceRole(SLR)
                .computeResources(ComputeEnvironmentRequests.create("x", shape(current, null), Map.of()).computeResources())
                .build();
        var change = ComputeEnvironmentChange.classify(shape(current, null), ComputeEnvironmentShape.observed(detail));
        assertThat(change.kind()).isEqualTo(UPDATE);
        assertThat(change.describe()).isEqualTo("state DISABLED -> ENABLED");
        assertThat(ComputeEnvironmentRequests.update("arn", shape(current, null), change).stateAsString()).isEqualTo("ENABLED");
    }

    @Test
    void unsettingAnAmiOrLaunchTemplateIsAnInPlaceUpdateWithAnEmptyString() {
        var withAmi = spot();
        withAmi.setImageId("ami-0123456789abcdef0");
        var noAmi = classify(withAmi, spot(), null);
        assertThat(noAmi.kind()).isEqualTo(UPDATE);
        var amiUpdate = ComputeEnvironmentRequests.update("arn", shape(spot(), null), noAmi);
        assertThat(amiUpdate.computeResources().imageId()).as("back to the AMI AWS Batch picks").isEmpty();
        io.sen2cor.operator.testing.awsmodel.ServiceModelGuard.check(amiUpdate);

        var withLt = spot();
        withLt.setLaunchTemplate(lt("sen2cor-lt"));
        var noLt = classify(withLt, spot(), null);
        assertThat(noLt.kind()).isEqualTo(UPDATE);
        var ltUpdate = ComputeEnvironmentRequests.update("arn", shape(spot(), null), noLt);
        assertThat(ltUpdate.computeResources().launchTemplate().launchTemplateName()).isEmpty();
        io.sen2cor.operator.testing.awsmodel.ServiceModelGuard.check(ltUpdate);
        assertThat(classify(withLt, spot(), CUSTOM_ROLE).kind()).as("a custom service role still cannot").isEqualTo(REPLACE);
    }

    @Test
    void aNewLaunchTemplateVersionIsAnInPlaceUpdateWhereAwsAllowsIt() {
        var spec = spot();
        spec.setLaunchTemplate(lt("sen2cor-lt"));
        var v3 = ComputeEnvironmentShape.desired(spec, null, "3");
        var v4 = ComputeEnvironmentShape.desired(spec, null, "4");
        var observedV3 = observedFrom(v3, SLR);
        var change = ComputeEnvironmentChange.classify(v4, observedV3);
        assertThat(change.kind()).isEqualTo(UPDATE);
        assertThat(change.describe()).contains("version=3").contains("version=4");
        var request = ComputeEnvironmentRequests.update("arn:ce", v4, change);
        assertThat(request.computeResources().launchTemplate().version()).isEqualTo("4");
        assertThat(request.computeResources().updateToLatestImageVersion())
                .as("without it AWS keeps the AMI of the old template version").isTrue();
        assertThat(request.updatePolicy().terminateJobsOnUpdate()).isFalse();
        assertThat(request.updatePolicy().jobExecutionTimeoutMinutes()).isEqualTo(120L);
    }

    @Test
    void anAmiNamedInTheSpecIsNotReplacedByTheLatestBatchImage() {
        var spec = spot();
        spec.setImageId("ami-0123456789abcdef0");
        spec.setLaunchTemplate(lt("sen2cor-lt"));
        var v4 = ComputeEnvironmentShape.desired(spec, null, "4");
        var change = ComputeEnvironmentChange.classify(v4, observedFrom(ComputeEnvironmentShape.desired(spec, null, "3"), SLR));
        assertThat(ComputeEnvironmentRequests.update("arn:ce", v4, change).computeResources().updateToLatestImageVersion())
                .isNull();
    }

    @Test
    void aMaxVcpusBelowWhatBatchRunsNowIsLoweredInTwoSteps() {
        var lower = spot();
        lower.setMaxVcpus(32);
        var busy = ComputeEnvironmentChange.classify(shape(lower, null), observedWithDesired(spot(), 96));
        assertThat(busy.kind()).isEqualTo(UPDATE);
        assertThat(busy.describe()).isEqualTo("maxVcpus 256 -> 96");
        assertThat(busy.deferred()).contains("maxVcpus stays at 96, not 32");
        assertThat(ComputeEnvironmentRequests.update("arn:ce", shape(lower, null), busy).computeResources().maxvCpus())
                .isEqualTo(96);

        var atTheStep = ComputeEnvironmentChange.classify(shape(lower, null), observedWithDesired(withMax(spot(), 96), 96));
        assertThat(atTheStep.kind()).as("nothing AWS would accept yet").isEqualTo(NONE);
        assertThat(atTheStep.deferred()).isNotNull();

        var idle = ComputeEnvironmentChange.classify(shape(lower, null), observedWithDesired(withMax(spot(), 96), 0));
        assertThat(idle.describe()).isEqualTo("maxVcpus 96 -> 32");
        assertThat(idle.deferred()).isNull();
    }

    static ComputeEnvironmentSpec withMax(ComputeEnvironmentSpec spec, int max) {
        spec.setMaxVcpus(max);
        return spec;
    }

    @Test
    void replacementReasonsSayWhy() {
        var fleet = spot();
        fleet.setAllocationStrategy(AllocationStrategy.BEST_FIT);
        fleet.setSpotFleetRole("arn:aws:iam::123456789012:role/fleet");
        assertThat(classify(spot(), fleet, null).replacementReason()).isEqualTo("spotFleetRole cannot change in place");

        var types = spot();
        types.setInstanceTypes(List.of("c5"));
        assertThat(classify(spot(), types, CUSTOM_ROLE).replacementReason())
                .isEqualTo("instanceTypes cannot change in place: the compute environment uses a custom service role, "
                        + "not AWSServiceRoleForBatch");

        var toBestFit = spot();
        toBestFit.setAllocationStrategy(AllocationStrategy.BEST_FIT);
        toBestFit.setSpotFleetRole("arn:aws:iam::123456789012:role/fleet");
        assertThat(classify(spot(), toBestFit, null).replacementReason()).isEqualTo("spotFleetRole cannot change in place");
    }

    @Test
    void updateRequestsCarryOnlyWhatChanged() {
        var wanted = spot();
        wanted.setMaxVcpus(512);
        var change = classify(spot(), wanted, null);
        var request = ComputeEnvironmentRequests.update("arn:ce", shape(wanted, null), change);
        assertThat(request.computeResources().maxvCpus()).isEqualTo(512);
        assertThat(request.computeResources().minvCpus()).isNull();
        assertThat(request.computeResources().instanceTypes()).isEmpty();
        assertThat(request.updatePolicy()).as("scaling needs no update policy").isNull();
        assertThat(request.state()).isNull();
    }

    @Test
    void createRequestUsesTheServiceLinkedRoleByLeavingItOut() {
        var create = ComputeEnvironmentRequests.create("env-spot", shape(spot(), null), Map.of("sen2cor.io/owner-uid", "u"));
        assertThat(create.serviceRole()).isNull();
        assertThat(create.computeResources().bidPercentage()).isEqualTo(40);
        assertThat(create.computeResources().typeAsString()).isEqualTo("SPOT");
        assertThat(create.tags()).containsEntry("sen2cor.io/owner-uid", "u");
        var onDemand = spot();
        onDemand.setProvisioning(Provisioning.ON_DEMAND);
        onDemand.setAllocationStrategy(null);
        var od = ComputeEnvironmentRequests.create("env-od", shape(onDemand, CUSTOM_ROLE), Map.of());
        assertThat(od.computeResources().typeAsString()).isEqualTo("EC2");
        assertThat(od.computeResources().allocationStrategyAsString()).isEqualTo("BEST_FIT_PROGRESSIVE");
        assertThat(od.computeResources().bidPercentage()).as("ON_DEMAND sends no Spot price").isNull();
        assertThat(od.serviceRole()).isEqualTo(CUSTOM_ROLE);
    }

    static LaunchTemplateRef lt(String name) {
        var lt = new LaunchTemplateRef();
        lt.setName(name);
        return lt;
    }

    static ComputeEnvironmentShape observedWithDesired(ComputeEnvironmentSpec spec, int desired) {
        var r = ComputeEnvironmentRequests.create("x", shape(spec, null), Map.of()).computeResources().toBuilder()
                .desiredvCpus(desired).build();
        return ComputeEnvironmentShape.observed(ComputeEnvironmentDetail.builder().serviceRole(SLR)
                .state(CEState.ENABLED).computeResources(r).build());
    }

    static ComputeEnvironmentShape observedFrom(ComputeEnvironmentShape shape, String role) {
        return ComputeEnvironmentShape.observed(ComputeEnvironmentDetail.builder().serviceRole(role).state(CEState.ENABLED)
                .computeResources(ComputeEnvironmentRequests.create("x", shape, Map.of()).computeResources()).build());
    }

    @Test
    void oneCustomServiceRoleForAnotherIsAnUpdateButTheServiceLinkedRoleCannotBeSwapped() {
        String other = "arn:aws:iam::123456789012:role/other-batch";
        var change = ComputeEnvironmentChange.classify(shape(spot(), other), observed(spot(), CUSTOM_ROLE));
        assertThat(change.kind()).isEqualTo(UPDATE);
        var update = ComputeEnvironmentRequests.update("arn", shape(spot(), other), change);
        assertThat(update.serviceRole()).isEqualTo(other);
        assertThat(update.computeResources()).as("no infrastructure change").isNull();
        io.sen2cor.operator.testing.awsmodel.ServiceModelGuard.check(update);

        assertThat(ComputeEnvironmentChange.classify(shape(spot(), CUSTOM_ROLE), observed(spot(), null)).kind())
                .as("service-linked -> custom").isEqualTo(REPLACE);
        assertThat(ComputeEnvironmentChange.classify(shape(spot(), null), observed(spot(), CUSTOM_ROLE)).kind())
                .as("custom -> service-linked").isEqualTo(REPLACE);
    }

    @Test
    void anInfrastructureUpdateCarriesTheEnvironmentsUpdatePolicy() {
        var wanted = spot();
        wanted.setInstanceTypes(List.of("c5", "m5"));
        var change = classify(spot(), wanted, null);
        var policy = new io.sen2cor.operator.api.InfrastructureUpdateSpec();
        policy.setTerminateJobs(true);
        policy.setJobTimeout("2h");
        var update = ComputeEnvironmentRequests.update("arn", shape(wanted, null), change, policy);
        assertThat(update.updatePolicy().terminateJobsOnUpdate()).isTrue();
        assertThat(update.updatePolicy().jobExecutionTimeoutMinutes()).isEqualTo(120L);
        io.sen2cor.operator.testing.awsmodel.ServiceModelGuard.check(update);
        assertThat(ComputeEnvironmentRequests.update("arn", shape(wanted, null), change).updatePolicy().terminateJobsOnUpdate())
                .as("default: running scenes finish").isFalse();
    }

    @Test
    void newComputeEnvironmentsGetAmazonLinux2023AndAnImageTypeChangeRollsTheLatestAmi() {
        var created = ComputeEnvironmentRequests.create("x", shape(spot(), null), Map.of());
        assertThat(created.computeResources().ec2Configuration()).extracting(e -> e.imageType()).containsExactly("ECS_AL2023");
        var withAmi = spot();
        withAmi.setImageId("ami-0123456789abcdef0");
        var custom = ComputeEnvironmentRequests.create("x", shape(withAmi, null), Map.of()).computeResources();
        assertThat(custom.imageId()).as("deprecated in AWS's model").isNull();
        assertThat(custom.ec2Configuration()).extracting(e -> e.imageIdOverride()).containsExactly("ami-0123456789abcdef0");

        // a compute environment AWS describes as Amazon Linux 2 (made before 2026): left alone while the spec says nothing
        var al2 = ComputeEnvironmentShape.observed(ComputeEnvironmentDetail.builder().serviceRole(SLR).state(CEState.ENABLED)
                .computeResources(created.computeResources().toBuilder().ec2Configuration(
                        software.amazon.awssdk.services.batch.model.Ec2Configuration.builder().imageType("ECS_AL2").build()).build())
                .build());
        assertThat(ComputeEnvironmentChange.classify(shape(spot(), null), al2).kind())
                .as("an operator upgrade replaces or rolls nothing by itself").isEqualTo(NONE);

        var wanted = spot();
        wanted.setImageType(io.sen2cor.operator.api.ImageType.ECS_AL2023);
        var change = ComputeEnvironmentChange.classify(shape(wanted, null), al2);
        assertThat(change.kind()).isEqualTo(UPDATE);
        var update = ComputeEnvironmentRequests.update("arn", shape(wanted, null), change);
        assertThat(update.computeResources().ec2Configuration()).extracting(e -> e.imageType()).containsExactly("ECS_AL2023");
        assertThat(update.computeResources().updateToLatestImageVersion()).isTrue();
        io.sen2cor.operator.testing.awsmodel.ServiceModelGuard.check(update);
    }

    @Test
    void everyStrategyButBestFitAllowsInPlaceInfrastructureUpdates() {
        // AWS's model: CRUpdateAllocationStrategy, every strategy but BEST_FIT
        assertThat(ComputeEnvironmentShape.UPDATABLE_STRATEGIES).isEqualTo(Set.of("BEST_FIT_PROGRESSIVE",
                "BEST_FIT_PROGRESSIVE_ORDERED", "SPOT_CAPACITY_OPTIMIZED", "SPOT_PRICE_CAPACITY_OPTIMIZED",
                "SPOT_CAPACITY_OPTIMIZED_PRIORITIZED"));
    }
}
