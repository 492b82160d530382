package io.sen2cor.operator.api;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

@ValidationRule(value = "self.provisioning == 'SPOT' || !has(self.maxSpotPricePercent)",
        message = "maxSpotPricePercent applies only to SPOT")
@ValidationRule(value = "self.provisioning == 'SPOT' || !has(self.spotFleetRole)",
        message = "spotFleetRole applies only to SPOT")
@ValidationRule(value = "!has(self.spotFleetRole) || (has(self.allocationStrategy) && self.allocationStrategy == 'BEST_FIT')",
        message = "spotFleetRole is used only with allocationStrategy BEST_FIT; AWS ignores it otherwise, remove it")
@ValidationRule(value = "!has(self.allocationStrategy) || !self.allocationStrategy.startsWith('SPOT_') || self.provisioning == 'SPOT'",
        message = "SPOT_* allocation strategies need provisioning SPOT")
@ValidationRule(value = "!(self.provisioning == 'SPOT' && has(self.allocationStrategy) && self.allocationStrategy == 'BEST_FIT') || has(self.spotFleetRole)",
        message = "SPOT with allocationStrategy BEST_FIT needs spotFleetRole")
@ValidationRule(value = "(has(self.minVcpus) ? self.minVcpus : 0) <= self.maxVcpus",
        message = "minVcpus must be <= maxVcpus")
@ValidationRule(value = "!has(self.desiredVcpus) || ((has(self.minVcpus) ? self.minVcpus : 0) <= self.desiredVcpus && self.desiredVcpus <= self.maxVcpus)",
        message = "desiredVcpus must be between minVcpus and maxVcpus")
@ValidationRule(value = "has(self.securityGroups) || has(self.launchTemplate)",
        message = "securityGroups is required unless the launch template provides them")
public class ComputeEnvironmentSpec {

    @JsonPropertyDescription("Short name, unique in this environment; the AWS name is <BatchEnvironment>-<name>. "
            + "Changing it is an infrastructure update: in place with the service-linked role and an updatable "
            + "allocation strategy, else a new compute environment.")
    @Required
    @Pattern(Patterns.BATCH_NAME)
    private String name;

    @JsonPropertyDescription("SPOT (interruptible, priced up to maxSpotPricePercent) or ON_DEMAND. "
            + "Changing it is an infrastructure update: in place with the service-linked role and an updatable "
            + "allocation strategy, else a new compute environment.")
    @Required
    private Provisioning provisioning;

    @JsonPropertyDescription("How AWS Batch picks instances. Default: SPOT_PRICE_CAPACITY_OPTIMIZED for SPOT, "
            + "BEST_FIT_PROGRESSIVE for ON_DEMAND. BEST_FIT cannot be changed in place.")
    private AllocationStrategy allocationStrategy;

    @JsonPropertyDescription("SPOT only, optional: the highest Spot price as a percentage of the On-Demand price "
            + "(AWS bidPercentage). With 40 you pay the Spot price, never more than 40% of On-Demand. Unset (AWS's "
            + "recommendation): up to the On-Demand price, which interrupts least; removing it later keeps the last value "
            + "in AWS.")
    @Min(1)
    @Max(100)
    private Integer maxSpotPricePercent;

    @JsonPropertyDescription("SPOT with allocationStrategy BEST_FIT only, required there: IAM role ARN for the Spot "
            + "Fleet (spotIamFleetRole). Changing it replaces the compute environment.")
    @Pattern(Patterns.IAM_ROLE_ARN)
    private String spotFleetRole;

    @JsonPropertyDescription("Allowed EC2 instance types or families (m5.xlarge, c5), or 'optimal' for C, M and R "
            + "families sized to the queue's jobs.")
    @Size(min = 1, max = 50)
    @Default("[\"optimal\"]")
    private List<@Pattern("^([a-z][a-z0-9-]*(\\.[a-z0-9]+)?|optimal|default_x86_64|default_arm64)$") @Size(max = 64) String> instanceTypes =
            List.of("optimal");

    @JsonPropertyDescription("vCPUs kept running even without work. 0 (the default) wastes no instance time.")
    @Min(0)
    @Default("0")
    private Integer minVcpus = 0;

    @JsonPropertyDescription("vCPUs to start with. AWS Batch changes this value as it scales, so the operator only "
            + "enforces it when it is set here. Must be between minVcpus and maxVcpus.")
    @Min(0)
    private Integer desiredVcpus;

    @JsonPropertyDescription("Upper bound of vCPUs this compute environment scales out to (also capped by EC2 quotas).")
    @Required
    @Min(1)
    @Max(1000000)
    private Integer maxVcpus;

    @JsonPropertyDescription("Custom AMI id (ami-...), e.g. one that mounts EFS with the Sen2Cor aux data; sent as "
            + "ec2Configuration imageIdOverride (computeResources.imageId is deprecated). Unset: the latest ECS-optimized "
            + "AMI of imageType that AWS Batch picks; removing it is an update in place where AWS allows.")
    @Pattern("^ami-[0-9a-f]{8,17}$")
    private String imageId;

    @JsonPropertyDescription("ECS-optimized AMI family (ec2Configuration imageType): ECS_AL2023 (AWS Batch's default "
            + "since January 2026), ECS_AL2023_NVIDIA, or the Amazon Linux 2 types, out of support since 30 June 2026. "
            + "Unset: new compute environments get ECS_AL2023 and existing ones keep theirs. Batch never moves a compute "
            + "environment to a newer AMI by itself: setting or changing this rolls it in place where AWS allows "
            + "(the service-linked role and an updatable allocation strategy), else through a new compute environment.")
    private ImageType imageType;

    @JsonPropertyDescription("Change it (e.g. to today's date) to move the compute environment to the latest AMI of its "
            + "image type in place (AWS Batch's updateToLatestImageVersion), which Batch never does by itself. Needs the "
            + "service-linked role and an updatable allocation strategy; otherwise a Warning says to replace the "
            + "environment. status.computeEnvironments[].imageRollout shows the value last applied.")
    @Pattern("^[A-Za-z0-9._:-]{1,63}$")
    private String imageRollout;

    public String getImageRollout() {
        return imageRollout;
    }

    public void setImageRollout(String imageRollout) {
        this.imageRollout = imageRollout;
    }

    @JsonPropertyDescription("EC2 launch template by name or id, with a version. $Latest/$Default are resolved to a "
            + "number in status so a new template version is noticed.")
    private LaunchTemplateRef launchTemplate;

    @JsonPropertyDescription("Instance profile (name or ARN) of the EC2 instances: what the ECS agent and the hosts may "
            + "access.")
    @Required
    @Pattern(Patterns.INSTANCE_PROFILE)
    private String instanceRole;

    @JsonPropertyDescription("VPC subnets for the instances (subnet-...). Use subnets with an S3 gateway endpoint to "
            + "keep input traffic free.")
    @Required
    @Size(min = 1, max = 16)
    private List<@Pattern("^subnet-[0-9a-f]{8,17}$") String> subnets;

    @JsonPropertyDescription("Security groups of the instances (sg-...). Required unless the launch template sets them.")
    @Size(min = 1, max = 5)
    private List<@Pattern("^sg-[0-9a-f]{8,17}$") String> securityGroups;

    @JsonPropertyDescription("Extra tags for the compute environment and its instances. The operator adds its own "
            + "ownership tags (sen2cor.io/*), which cannot be overridden.")
    @Size(max = 40)
    @ValidationRule(value = "self.all(k, !k.startsWith('sen2cor.io/') && !k.startsWith('aws:'))",
            message = "tag keys starting with sen2cor.io/ or aws: are reserved")
    @ValidationRule(value = "self.all(k, size(k) >= 1 && size(k) <= 128 && k.matches(r'" + Patterns.AWS_TAG_CHARACTERS
            + "') && self[k].matches(r'" + Patterns.AWS_TAG_CHARACTERS + "'))",
            message = "tag keys must be 1-128 characters; keys and values may hold letters, digits, spaces and _ . : / = + - @")
    private Map<String, @Size(max = 256) String> tags;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public Provisioning getProvisioning() {
        return provisioning;
    }

    public void setProvisioning(Provisioning provisioning) {
        this.provisioning = provisioning;
    }

    public AllocationStrategy getAllocationStrategy() {
        return allocationStrategy;
    }

    public void setAllocationStrategy(AllocationStrategy allocationStrategy) {
        this.allocationStrategy = allocationStrategy;
    }

    public Integer getMaxSpotPricePercent() {
        return maxSpotPricePercent;
    }

    public void setMaxSpotPricePercent(Integer maxSpotPricePercent) {
        this.maxSpotPricePercent = maxSpotPricePercent;
    }

    public String getSpotFleetRole() {
        return spotFleetRole;
    }

    public void setSpotFleetRole(String spotFleetRole) {
        this.spotFleetRole = spotFleetRole;
    }

    public List<String> getInstanceTypes() {
        return instanceTypes;
    }

    public void setInstanceTypes(List<String> instanceTypes) {
        this.instanceTypes = instanceTypes;
    }

    public Integer getMinVcpus() {
        return minVcpus;
    }

    public void setMinVcpus(Integer minVcpus) {
        this.minVcpus = minVcpus;
    }

    public Integer getDesiredVcpus() {
        return desiredVcpus;
    }

    public void setDesiredVcpus(Integer desiredVcpus) {
        this.desiredVcpus = desiredVcpus;
    }

    public Integer getMaxVcpus() {
        return maxVcpus;
    }

    public void setMaxVcpus(Integer maxVcpus) {
        this.maxVcpus = maxVcpus;
    }

    public ImageType getImageType() {
        return imageType;
    }

    public void setImageType(ImageType imageType) {
        this.imageType = imageType;
    }

    public String getImageId() {
        return imageId;
    }

    public void setImageId(String imageId) {
        this.imageId = imageId;
    }

    public LaunchTemplateRef getLaunchTemplate() {
        return launchTemplate;
    }

    public void setLaunchTemplate(LaunchTemplateRef launchTemplate) {
        this.launchTemplate = launchTemplate;
    }

    public String getInstanceRole() {
        return instanceRole;
    }

    public void setInstanceRole(String instanceRole) {
        this.instanceRole = instanceRole;
    }

    public List<String> getSubnets() {
        return subnets;
    }

    public void setSubnets(List<String> subnets) {
        this.subnets = subnets;
    }

    public List<String> getSecurityGroups() {
        return securityGroups;
    }

    public void setSecurityGroups(List<String> securityGroups) {
        this.securityGroups = securityGroups;
    }

    public Map<String, String> getTags() {
        return tags;
    }

    public void setTags(Map<String, String> tags) {
        this.tags = tags;
    }
}
