package io.sen2cor.operator.aws;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.sen2cor.operator.api.AllocationStrategy;
import io.sen2cor.operator.api.ComputeEnvironmentSpec;
import io.sen2cor.operator.api.Provisioning;
import software.amazon.awssdk.services.batch.model.ComputeEnvironmentDetail;
import software.amazon.awssdk.services.batch.model.ComputeResource;
import software.amazon.awssdk.services.batch.model.LaunchTemplateSpecification;

/**
 * The comparable essence of a managed EC2/Spot compute environment. Built from the spec (desired) or from
 * DescribeComputeEnvironments (observed) with the same normalisation, so the two can be diffed field by field:
 * lists that AWS treats as sets are sets and the instance role is its profile name. The service role is kept as
 * given (null: the service-linked role); {@link #customServiceRole()} compares it.
 *
 * @param resourceType AWS compute resource type: SPOT or EC2 (On-Demand)
 * @param desiredVcpus null when the spec leaves it to AWS Batch
 * @param serviceRole as given; null or the AWSServiceRoleForBatch ARN both mean the service-linked role
 */
public record ComputeEnvironmentShape(
        String resourceType,
        String allocationStrategy,
        Integer bidPercentage,
        String spotFleetRole,
        Set<String> instanceTypes,
        int minVcpus,
        int maxVcpus,
        Integer desiredVcpus,
        String imageId,
        String imageType,
        LaunchTemplate launchTemplate,
        String instanceProfile,
        Set<String> subnets,
        Set<String> securityGroups,
        Map<String, String> instanceTags,
        String serviceRole,
        boolean enabled) {

    /** A launch template by id or name with a numeric version ($Latest/$Default already resolved). */
    public record LaunchTemplate(String id, String name, String version) {
    }

    /** Allocation strategies AWS Batch can change infrastructure of in place. */
    public static final Set<String> UPDATABLE_STRATEGIES = Set.of(AllocationStrategy.BEST_FIT_PROGRESSIVE.name(),
            AllocationStrategy.BEST_FIT_PROGRESSIVE_ORDERED.name(), AllocationStrategy.SPOT_CAPACITY_OPTIMIZED.name(),
            AllocationStrategy.SPOT_PRICE_CAPACITY_OPTIMIZED.name(), AllocationStrategy.SPOT_CAPACITY_OPTIMIZED_PRIORITIZED.name());

    private static final String SERVICE_LINKED_ROLE = ":role/aws-service-role/batch.amazonaws.com/AWSServiceRoleForBatch";

    /**
     * What the spec asks for. {@code serviceRole} comes from the environment, {@code launchTemplateVersion} is the
     * resolved number (null without a launch template).
     */
    public static ComputeEnvironmentShape desired(ComputeEnvironmentSpec spec, String serviceRole,
            String launchTemplateVersion) {
        boolean spot = spec.getProvisioning() == Provisioning.SPOT;
        AllocationStrategy strategy = spec.getAllocationStrategy() != null ? spec.getAllocationStrategy()
                : spot ? AllocationStrategy.SPOT_PRICE_CAPACITY_OPTIMIZED : AllocationStrategy.BEST_FIT_PROGRESSIVE;
        LaunchTemplate lt = spec.getLaunchTemplate() == null ? null
                : new LaunchTemplate(spec.getLaunchTemplate().getId(), spec.getLaunchTemplate().getName(),
                        launchTemplateVersion);
        return new ComputeEnvironmentShape(spot ? "SPOT" : "EC2", strategy.name(),
                spot ? spec.getMaxSpotPricePercent() : null,
                spot ? spec.getSpotFleetRole() : null,
                set(spec.getInstanceTypes()),
                spec.getMinVcpus() == null ? 0 : spec.getMinVcpus(), spec.getMaxVcpus(), spec.getDesiredVcpus(),
                spec.getImageId(), spec.getImageType() == null ? null : spec.getImageType().name(), lt,
                profileName(spec.getInstanceRole()),
                set(spec.getSubnets()), set(spec.getSecurityGroups()), map(spec.getTags()),
                serviceRole, true);
    }

    /**
     * The same shape with cost-allocation tags for the instances (EC2 tags from computeResources.tags) that name the
     * BatchEnvironment; the spec's own tags win. Instances are shared by Sen2CorJobs, so the jobs' own tags
     * (namespace, name), propagated to their ECS tasks, attribute cost per job.
     */
    public ComputeEnvironmentShape withCostAllocationTags(String environment) {
        java.util.Map<String, String> tags = new java.util.TreeMap<>();
        tags.put(OwnershipTags.ENVIRONMENT, environment);
        tags.put(OwnershipTags.MANAGED_BY, OwnershipTags.OPERATOR);
        tags.putAll(instanceTags);
        return new ComputeEnvironmentShape(resourceType, allocationStrategy, bidPercentage, spotFleetRole, instanceTypes,
                minVcpus, maxVcpus, desiredVcpus, imageId, imageType, launchTemplate, instanceProfile, subnets, securityGroups,
                java.util.Map.copyOf(tags), serviceRole, enabled);
    }

    /** The same shape with desiredvCpus left to AWS Batch (the spec's value was set before; Batch moves it since). */
    public ComputeEnvironmentShape leavingDesiredVcpusToBatch() {
        return new ComputeEnvironmentShape(resourceType, allocationStrategy, bidPercentage, spotFleetRole, instanceTypes,
                minVcpus, maxVcpus, null, imageId, imageType, launchTemplate, instanceProfile, subnets, securityGroups,
                instanceTags, serviceRole, enabled);
    }

    /** What AWS reports. */
    public static ComputeEnvironmentShape observed(ComputeEnvironmentDetail ce) {
        ComputeResource r = ce.computeResources();
        LaunchTemplateSpecification lt = r.launchTemplate();
        return new ComputeEnvironmentShape(r.typeAsString(),
                // AWS's own default when a CE was created without one
                r.allocationStrategyAsString() == null ? AllocationStrategy.BEST_FIT.name() : r.allocationStrategyAsString(),
                "SPOT".equals(r.typeAsString()) ? r.bidPercentage() : null,
                r.spotIamFleetRole(),
                set(r.instanceTypes()),
                r.minvCpus() == null ? 0 : r.minvCpus(), r.maxvCpus() == null ? 0 : r.maxvCpus(), r.desiredvCpus(),
                // the deprecated computeResources.imageId (compute environments of earlier versions), else the override
                r.imageId() != null && !r.imageId().isEmpty() ? r.imageId()
                        : r.hasEc2Configuration() && !r.ec2Configuration().isEmpty() ? r.ec2Configuration().get(0).imageIdOverride() : null,
                r.hasEc2Configuration() && !r.ec2Configuration().isEmpty() ? r.ec2Configuration().get(0).imageType() : null,
                lt == null ? null : new LaunchTemplate(lt.launchTemplateId(), lt.launchTemplateName(), lt.version()),
                profileName(r.instanceRole()),
                set(r.subnets()), set(r.securityGroupIds()), map(r.tags()),
                ce.serviceRole(),
                // moto leaves state null when it was not sent; AWS defaults to ENABLED
                !"DISABLED".equals(ce.stateAsString()));
    }

    /** Whether AWS Batch can change this environment's infrastructure without a new compute environment. */
    public boolean infrastructureUpdatable() {
        return customServiceRole() == null && UPDATABLE_STRATEGIES.contains(allocationStrategy);
    }

    /** The service role when it is not the service-linked one, else null. */
    public String customServiceRole() {
        return serviceLinked(serviceRole) ? null : serviceRole;
    }

    static boolean serviceLinked(String roleArn) {
        return roleArn == null || roleArn.isEmpty() || roleArn.endsWith(SERVICE_LINKED_ROLE);
    }

    /** "ecsInstanceRole" and "arn:aws:iam::1:instance-profile/ecsInstanceRole" name the same profile. */
    static String profileName(String nameOrArn) {
        if (nameOrArn == null) {
            return null;
        }
        int slash = nameOrArn.lastIndexOf('/');
        return nameOrArn.startsWith("arn:") && slash >= 0 ? nameOrArn.substring(slash + 1) : nameOrArn;
    }

    private static Set<String> set(Collection<String> values) {
        return values == null ? Set.of() : new TreeSet<>(values);
    }

    private static Map<String, String> map(Map<String, String> values) {
        return values == null ? Map.of() : new TreeMap<>(values);
    }
}
