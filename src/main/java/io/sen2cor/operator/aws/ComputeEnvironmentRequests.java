package io.sen2cor.operator.aws;

import java.util.Map;

import io.sen2cor.operator.api.InfrastructureUpdateSpec;
import io.sen2cor.operator.work.Quantities;
import software.amazon.awssdk.services.batch.model.CEState;
import software.amazon.awssdk.services.batch.model.CEType;
import software.amazon.awssdk.services.batch.model.ComputeResource;
import software.amazon.awssdk.services.batch.model.ComputeResourceUpdate;
import software.amazon.awssdk.services.batch.model.CreateComputeEnvironmentRequest;
import software.amazon.awssdk.services.batch.model.Ec2Configuration;
import software.amazon.awssdk.services.batch.model.LaunchTemplateSpecification;
import software.amazon.awssdk.services.batch.model.UpdateComputeEnvironmentRequest;
import software.amazon.awssdk.services.batch.model.UpdatePolicy;

/** Turns a desired {@link ComputeEnvironmentShape} into AWS Batch requests. Pure: no client calls. */
public final class ComputeEnvironmentRequests {

    /** The image type new compute environments get when the spec names none (AWS Batch's own default since 2026). */
    static final String DEFAULT_IMAGE_TYPE = "ECS_AL2023";

    /**
     * Running jobs may finish for this long when AWS replaces instances for an infrastructure update: a Sen2Cor
     * tile takes 20-60 minutes, AWS's default of 30 would kill many of them.
     */
    static final int UPDATE_JOB_TIMEOUT_MINUTES = 120;

    private ComputeEnvironmentRequests() {
    }

    public static CreateComputeEnvironmentRequest create(String name, ComputeEnvironmentShape s, Map<String, String> tags) {
        ComputeResource.Builder r = ComputeResource.builder()
                .type(s.resourceType())
                .allocationStrategy(s.allocationStrategy())
                .minvCpus(s.minVcpus())
                .maxvCpus(s.maxVcpus())
                .desiredvCpus(s.desiredVcpus())
                .instanceTypes(s.instanceTypes())
                // AL2023 unless the spec says otherwise (the Amazon Linux 2 ECS AMIs are out of support); a custom AMI as
                // imageIdOverride, since computeResources.imageId is deprecated
                .ec2Configuration(ec2Configuration(s))
                .instanceRole(s.instanceProfile())
                .subnets(s.subnets())
                .securityGroupIds(s.securityGroups().isEmpty() ? null : s.securityGroups())
                .tags(s.instanceTags().isEmpty() ? null : s.instanceTags())
                .bidPercentage(s.bidPercentage())
                .spotIamFleetRole(s.spotFleetRole())
                .launchTemplate(launchTemplate(s));
        return CreateComputeEnvironmentRequest.builder()
                .computeEnvironmentName(name)
                .type(CEType.MANAGED)
                .state(s.enabled() ? CEState.ENABLED : CEState.DISABLED)
                .serviceRole(s.serviceRole())
                .computeResources(r.build())
                .tags(tags)
                .build();
    }

    /** The one ec2Configuration entry: the image type (AL2023 by default) and the spec's AMI, if it names one. */
    static Ec2Configuration ec2Configuration(ComputeEnvironmentShape s) {
        return Ec2Configuration.builder().imageType(s.imageType() == null ? DEFAULT_IMAGE_TYPE : s.imageType())
                .imageIdOverride(s.imageId()).build();
    }

    /** An update carrying only what changed; the infrastructure part only when {@code change} allows it in place. */
    public static UpdateComputeEnvironmentRequest update(String arn, ComputeEnvironmentShape s,
            ComputeEnvironmentChange change) {
        return update(arn, s, change, null);
    }

    /**
     * @param policy what an infrastructure update does to running jobs (null: no termination, {@link
     *               #UPDATE_JOB_TIMEOUT_MINUTES})
     */
    public static UpdateComputeEnvironmentRequest update(String arn, ComputeEnvironmentShape s,
            ComputeEnvironmentChange change, InfrastructureUpdateSpec policy) {
        ComputeResourceUpdate.Builder r = ComputeResourceUpdate.builder();
        if (change.changed("minVcpus")) {
            r.minvCpus(s.minVcpus());
        }
        if (change.changed("maxVcpus")) {
            r.maxvCpus((Integer) change.to("maxVcpus"));
        }
        if (change.changed("desiredVcpus")) {
            r.desiredvCpus(s.desiredVcpus());
        }
        boolean infrastructure = change.kind() == ComputeEnvironmentChange.Kind.UPDATE && change.hasInfrastructureChange();
        if (infrastructure) {
            if (change.changed("instanceTypes")) {
                r.instanceTypes(s.instanceTypes());
            }
            if (change.changed("allocationStrategy")) {
                r.allocationStrategy(s.allocationStrategy());
            }
            if (change.changed("maxSpotPricePercent")) {
                r.bidPercentage(s.bidPercentage());
            }
            if (change.changed("provisioning")) {
                r.type(s.resourceType());
                r.bidPercentage(s.bidPercentage());
            }
            if (change.changed("imageId") || change.changed("imageType")) {
                r.ec2Configuration(ec2Configuration(s));
                if (s.imageId() == null) {
                    // back to the AMI AWS Batch picks: an empty string clears an imageId an earlier version set, and
                    // the family's latest AMI is taken (Batch keeps the old one unless asked)
                    r.imageId("");
                    r.updateToLatestImageVersion(true);
                }
            }
            if (change.changed("launchTemplate")) {
                // none: an empty name goes back to AWS Batch's default launch template
                r.launchTemplate(s.launchTemplate() == null
                        ? LaunchTemplateSpecification.builder().launchTemplateName("").build() : launchTemplate(s));
                if (s.imageId() == null) {
                    // the AMI a template names rolls out only with this flag (see docs/architecture.md, "AWS Batch")
                    r.updateToLatestImageVersion(true);
                }
            }
            if (change.changed("instanceRole")) {
                r.instanceRole(s.instanceProfile());
            }
            if (change.changed("subnets")) {
                r.subnets(s.subnets());
            }
            if (change.changed("securityGroups")) {
                r.securityGroupIds(s.securityGroups());
            }
            if (change.changed("tags")) {
                r.tags(s.instanceTags());
            }
        }
        UpdateComputeEnvironmentRequest.Builder request = UpdateComputeEnvironmentRequest.builder().computeEnvironment(arn);
        ComputeResourceUpdate resources = r.build();
        if (!resources.equals(ComputeResourceUpdate.builder().build())) {
            // AWS refuses an empty computeResources ("at least one compute-resources attribute must be
            // specified"): a state-only change (re-enabling after a console edit) sends none
            request.computeResources(resources);
        }
        if (change.changed("serviceRole") && s.customServiceRole() != null) {
            request.serviceRole(s.customServiceRole());
        }
        if (change.changed("state")) {
            request.state(s.enabled() ? CEState.ENABLED : CEState.DISABLED);
        }
        if (infrastructure) {
            boolean terminate = policy != null && Boolean.TRUE.equals(policy.getTerminateJobs());
            long minutes = policy == null || policy.getJobTimeout() == null ? UPDATE_JOB_TIMEOUT_MINUTES
                    : Math.max(1, Quantities.duration(policy.getJobTimeout()).toMinutes());
            request.updatePolicy(UpdatePolicy.builder().terminateJobsOnUpdate(terminate).jobExecutionTimeoutMinutes(minutes).build());
        }
        return request.build();
    }

    private static LaunchTemplateSpecification launchTemplate(ComputeEnvironmentShape s) {
        var lt = s.launchTemplate();
        return lt == null ? null : LaunchTemplateSpecification.builder()
                .launchTemplateId(lt.id()).launchTemplateName(lt.name()).version(lt.version()).build();
    }
}
