package io.sen2cor.operator.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

@ValidationRule(value = "!has(self.auxDataVolume) || !has(self.auxDataVolume.accessPointId) || has(self.jobRole)",
        message = "auxDataVolume.accessPointId mounts with EFS IAM authorization, which needs jobRole")
@ValidationRule(value = "self.computeEnvironments.all(ce, has(ce.instanceTypes) && ce.instanceTypes.all(t, t.matches('"
        + Patterns.ARM64_INSTANCE_TYPE + "'))) || self.computeEnvironments.all(ce, !has(ce.instanceTypes) "
        + "|| ce.instanceTypes.all(t, !t.matches('" + Patterns.ARM64_INSTANCE_TYPE + "')))",
        message = "all compute environments of one job queue must share one architecture: do not mix arm64 (Graviton, "
                + "default_arm64) with x86_64 instance types (optimal, default_x86_64, ...)")
// AWS Batch cannot turn a first-in-first-out queue into a fair-share one, nor take a queue's policy away
@ValidationRule(value = "has(self.fairShare) == has(oldSelf.fairShare)", message = "fairShare cannot be added to or "
        + "removed from an existing environment (AWS Batch cannot change a job queue between FIFO and fair share); create "
        + "a new BatchEnvironment")
public class AwsBatchSpec {

    @JsonPropertyDescription("AWS region of the compute environments and job queue. Use the region of the input data "
            + "(eu-central-1 for the sentinel-s2-l1c bucket) to avoid cross-region transfer. Cannot change: the "
            + "compute environments (which may keep minVcpus running) and the jobs in flight are in this region; create "
            + "a new BatchEnvironment in the other one.")
    @Required
    @Pattern(Patterns.AWS_REGION)
    @ValidationRule(value = "self == oldSelf", message = "region cannot change: the compute environments and jobs in flight "
            + "are in it; create a new BatchEnvironment in the other region")
    private String region;

    @JsonPropertyDescription("IAM role AWS Batch uses to manage the compute environments. Unset (recommended): the "
            + "AWSServiceRoleForBatch service-linked role, which also allows more changes in place without replacement.")
    @Pattern(Patterns.IAM_ROLE_ARN)
    private String serviceRole;

    @JsonPropertyDescription("Compute environments in the order the job queue tries them (first is tried first), "
            + "for example Spot first and an On-Demand fallback. 1 to 3 entries with unique names.")
    @Required
    @Size(min = 1, max = 3)
    @ValidationRule(value = "self.all(a, self.filter(b, b.name == a.name).size() == 1)",
            message = "compute environment names must be unique")
    private List<ComputeEnvironmentSpec> computeEnvironments;

    @JsonPropertyDescription("The job queue that feeds the compute environments.")
    private JobQueueSpec jobQueue;

    @JsonPropertyDescription("IAM role the job containers run with (job definition jobRoleArn): read the input bucket, "
            + "write the output prefixes. With namespaceJobRoles, the role of namespaces no entry lists.")
    @Pattern(Patterns.IAM_ROLE_ARN)
    private String jobRole;

    @JsonPropertyDescription("Per-namespace job roles, so one tenant's scenes cannot write another's prefix: a "
            + "Sen2CorJob runs with the jobRole of the first entry that lists its namespace. A namespace no entry lists "
            + "runs with jobRole when it is set and is refused (NoJobRole) when it is not. The operator passes (iam:PassRole) "
            + "only the roles named here and in jobRole.")
    // a namespace listed twice takes the first entry; a CEL rule refusing it costs more than the API server allows
    @Size(max = 50)
    private List<NamespaceJobRole> namespaceJobRoles;

    @JsonPropertyDescription("Share the job queues between namespaces (an AWS Batch fair-share scheduling policy, one "
            + "share identifier per namespace) instead of first in, first out: one tenant's 10,000 scenes then do not "
            + "hold back another's. Set it when the environment is created; it cannot be added or removed later.")
    private FairShareSpec fairShare;

    @JsonPropertyDescription("What an in-place infrastructure update of a compute environment does to running scenes "
            + "(AWS Batch's updatePolicy).")
    private InfrastructureUpdateSpec infrastructureUpdates = new InfrastructureUpdateSpec();

    @JsonPropertyDescription("EFS file system mounted read-only into every job for Sen2Cor aux data (ESACCI maps) and "
            + "the DEM, as the seed's custom AMI did by hand.")
    private EfsVolumeSpec auxDataVolume;

    @JsonPropertyDescription("What to do when a change needs a new compute environment (name, Spot fleet role, service "
            + "role, or an infrastructure change AWS cannot apply in place). BlueGreen: create the new one, swap it into "
            + "the queue, then disable and delete the old one. Manual: change nothing and report the pending "
            + "replacement in status and an Event.")
    @Default("BlueGreen")
    private ReplacePolicy replacePolicy = ReplacePolicy.BlueGreen;

    @JsonPropertyDescription("How long a compute environment that was replaced or removed keeps running the scenes "
            + "it still has before it is deleted (e.g. 2h, 90m). It leaves the job queue at once, so it gets no new "
            + "work; it is deleted when AWS Batch has scaled it down to its minvCpus, or when this time has passed.")
    @Pattern(Patterns.DURATION)
    @Default("2h")
    private String drainTimeout = "2h";

    @JsonPropertyDescription("What happens to the AWS resources when this BatchEnvironment is deleted. Delete: disable "
            + "and delete queue then compute environments, in order. Retain: leave them in AWS.")
    @Default("Delete")
    private DeletionPolicy deletionPolicy = DeletionPolicy.Delete;

    @JsonPropertyDescription("Take over existing compute environments and a job queue with the same names that the "
            + "operator did not create (they are tagged as owned from then on). Off by default: an untagged resource "
            + "with the same name is reported as a NameConflict and never modified.")
    @Default("false")
    private Boolean adoptExisting = Boolean.FALSE;

    @JsonPropertyDescription("CloudWatch Logs group the job containers log to (the job definitions' awslogs "
            + "configuration). Default: AWS Batch's own /aws/batch/job. Another group must exist before the first job "
            + "(the definitions do not ask each container to create it, which AWS advises against). Failed scenes in status "
            + "and report.json name the group, the stream and a console link. The group is never deleted by the operator.")
    @Pattern(Patterns.LOG_GROUP)
    @Default("/aws/batch/job")
    private String logGroup = "/aws/batch/job";

    public String getLogGroup() {
        return logGroup;
    }

    public void setLogGroup(String logGroup) {
        this.logGroup = logGroup;
    }

    public String getRegion() {
        return region;
    }

    public void setRegion(String region) {
        this.region = region;
    }

    public String getServiceRole() {
        return serviceRole;
    }

    public void setServiceRole(String serviceRole) {
        this.serviceRole = serviceRole;
    }

    public List<ComputeEnvironmentSpec> getComputeEnvironments() {
        return computeEnvironments;
    }

    public void setComputeEnvironments(List<ComputeEnvironmentSpec> computeEnvironments) {
        this.computeEnvironments = computeEnvironments;
    }

    public JobQueueSpec getJobQueue() {
        return jobQueue;
    }

    public void setJobQueue(JobQueueSpec jobQueue) {
        this.jobQueue = jobQueue;
    }

    public String getJobRole() {
        return jobRole;
    }

    public void setJobRole(String jobRole) {
        this.jobRole = jobRole;
    }

    public List<NamespaceJobRole> getNamespaceJobRoles() {
        return namespaceJobRoles;
    }

    public void setNamespaceJobRoles(List<NamespaceJobRole> namespaceJobRoles) {
        this.namespaceJobRoles = namespaceJobRoles;
    }

    public InfrastructureUpdateSpec getInfrastructureUpdates() {
        return infrastructureUpdates;
    }

    public void setInfrastructureUpdates(InfrastructureUpdateSpec infrastructureUpdates) {
        this.infrastructureUpdates = infrastructureUpdates;
    }

    public FairShareSpec getFairShare() {
        return fairShare;
    }

    public void setFairShare(FairShareSpec fairShare) {
        this.fairShare = fairShare;
    }

    public EfsVolumeSpec getAuxDataVolume() {
        return auxDataVolume;
    }

    public void setAuxDataVolume(EfsVolumeSpec auxDataVolume) {
        this.auxDataVolume = auxDataVolume;
    }

    public String getDrainTimeout() {
        return drainTimeout;
    }

    public void setDrainTimeout(String drainTimeout) {
        this.drainTimeout = drainTimeout;
    }

    public ReplacePolicy getReplacePolicy() {
        return replacePolicy;
    }

    public void setReplacePolicy(ReplacePolicy replacePolicy) {
        this.replacePolicy = replacePolicy;
    }

    public DeletionPolicy getDeletionPolicy() {
        return deletionPolicy;
    }

    public void setDeletionPolicy(DeletionPolicy deletionPolicy) {
        this.deletionPolicy = deletionPolicy;
    }

    public Boolean getAdoptExisting() {
        return adoptExisting;
    }

    public void setAdoptExisting(Boolean adoptExisting) {
        this.adoptExisting = adoptExisting;
    }
}
