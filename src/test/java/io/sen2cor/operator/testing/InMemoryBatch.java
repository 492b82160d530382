package io.sen2cor.operator.testing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.sen2cor.operator.testing.awsmodel.ServiceModelGuard;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.batch.model.BatchException;
import software.amazon.awssdk.services.batch.model.ClientException;
import software.amazon.awssdk.services.batch.model.ComputeEnvironmentDetail;
import software.amazon.awssdk.services.batch.model.ComputeEnvironmentOrder;
import software.amazon.awssdk.services.batch.model.ComputeResource;
import software.amazon.awssdk.services.batch.model.ComputeResourceUpdate;
import software.amazon.awssdk.services.batch.model.CreateComputeEnvironmentRequest;
import software.amazon.awssdk.services.batch.model.CreateComputeEnvironmentResponse;
import software.amazon.awssdk.services.batch.model.CreateJobQueueRequest;
import software.amazon.awssdk.services.batch.model.CreateJobQueueResponse;
import software.amazon.awssdk.services.batch.model.DeleteComputeEnvironmentRequest;
import software.amazon.awssdk.services.batch.model.DeleteComputeEnvironmentResponse;
import software.amazon.awssdk.services.batch.model.DeleteJobQueueRequest;
import software.amazon.awssdk.services.batch.model.DeleteJobQueueResponse;
import software.amazon.awssdk.services.batch.model.DescribeComputeEnvironmentsRequest;
import software.amazon.awssdk.services.batch.model.DescribeComputeEnvironmentsResponse;
import software.amazon.awssdk.services.batch.model.DescribeJobQueuesRequest;
import software.amazon.awssdk.services.batch.model.DescribeJobQueuesResponse;
import software.amazon.awssdk.services.batch.model.JobQueueDetail;
import software.amazon.awssdk.services.batch.model.TagResourceRequest;
import software.amazon.awssdk.services.batch.model.TagResourceResponse;
import software.amazon.awssdk.services.batch.model.UpdateComputeEnvironmentRequest;
import software.amazon.awssdk.services.batch.model.UpdateComputeEnvironmentResponse;
import software.amazon.awssdk.services.batch.model.UpdateJobQueueRequest;
import software.amazon.awssdk.services.batch.model.UpdateJobQueueResponse;

/**
 * An in-memory model of the AWS Batch control plane (compute environments and job queues), for decision tests of
 * the environment sync in milliseconds. Unlike moto it has AWS's lifecycle: CREATING and UPDATING until a few
 * describes have passed, then VALID (or INVALID when a test says so); deletes go DELETING then DELETED, and a
 * DELETED resource stays listed for a while, as in AWS. It enforces the rules AWS enforces and moto does not:
 * deletes need DISABLED and no queue, no request on a resource in transition, a queue needs VALID compute
 * environments, and an update's computeResources must name at least one attribute. Faults: refusals, throttling
 * and lost answers (the request took effect, the answer never came). A simulation: the real AWS path is tested
 * against moto and the SDK.
 */
public class InMemoryBatch implements BatchClient {

    static final String ACCOUNT = "123456789012";

    /** Every request, in order. */
    public final List<SdkRequest> requests = new CopyOnWriteArrayList<>();
    /** Describes a resource in transition needs to settle. */
    public int settleAfter = 1;
    /** Describes a DELETED resource is still listed for. */
    public int deletedListedFor = 3;

    private final String region;
    private final Map<String, Resource> computeEnvironments = new LinkedHashMap<>();
    private final Map<String, Resource> jobQueues = new LinkedHashMap<>();
    private final Map<String, Fault> faults = new HashMap<>();

    private record Fault(RuntimeException error, boolean applied) {
    }

    /** One compute environment or job queue, with where its lifecycle stands. */
    public static final class Resource {
        public final String name;
        public final String arn;
        public String status = "CREATING";
        public String state;
        public String statusReason;
        public Map<String, String> tags = new HashMap<>();
        /** Where a transition ends: VALID, or INVALID when a test says so. */
        public String settlesTo = "VALID";
        int describes;
        // compute environment
        public String type;
        public String serviceRole;
        public ComputeResource computeResources;
        // job queue
        public Integer priority;
        public List<ComputeEnvironmentOrder> order = List.of();
        public List<software.amazon.awssdk.services.batch.model.JobStateTimeLimitAction> stuckActions = List.of();
        public String schedulingPolicyArn;
        /**
         * The service role this compute environment was created with was deleted: AWS Batch then cannot clean it up, and
         * refuses to delete it until the role is back (Terraform #16417, #26930).
         */
        public boolean serviceRoleDeleted;

        Resource(String name, String arn) {
            this.name = name;
            this.arn = arn;
        }
    }

    public InMemoryBatch(String region) {
        this.region = region;
    }

    /** The next call of {@code operation} (e.g. "CreateComputeEnvironment") fails; {@code applied}: after taking effect. */
    public void failNext(String operation, RuntimeException error, boolean applied) {
        faults.put(operation, new Fault(error, applied));
    }

    public static AwsServiceException throttling() {
        return BatchException.builder().statusCode(429).message("Rate exceeded").awsErrorDetails(AwsErrorDetails.builder()
                .errorCode("TooManyRequestsException").errorMessage("Rate exceeded").build()).build();
    }

    public static AwsServiceException refused(String message) {
        return ClientException.builder().statusCode(400).message(message).awsErrorDetails(AwsErrorDetails.builder()
                .errorCode("ClientException").errorMessage(message).build()).build();
    }

    public static SdkClientException lostAnswer() {
        return SdkClientException.create("Unable to execute HTTP request: Read timed out");
    }

    public Resource computeEnvironment(String name) {
        return computeEnvironments.get(name);
    }

    public Resource jobQueue(String name) {
        return jobQueues.get(name);
    }

    public List<String> computeEnvironmentNames() {
        return List.copyOf(computeEnvironments.keySet());
    }

    /** Requests of one type, in order. */
    public <T extends SdkRequest> List<T> sent(Class<T> type) {
        return requests.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Override
    public String serviceName() {
        return "batch";
    }

    @Override
    public void close() {
    }

    private void before(String operation, SdkRequest request) {
        ServiceModelGuard.check(request);
        requests.add(request);
        Fault fault = faults.get(operation);
        if (fault != null && !fault.applied()) {
            faults.remove(operation);
            throw fault.error();
        }
    }

    private <T> T after(String operation, T response) {
        Fault fault = faults.remove(operation);
        if (fault != null) {
            throw fault.error();
        }
        return response;
    }

    private static ClientException refuse(String message) {
        return (ClientException) refused(message);
    }

    private Resource find(Map<String, Resource> all, String nameOrArn, String kind) {
        return all.values().stream().filter(r -> !"DELETED".equals(r.status))
                .filter(r -> r.name.equals(nameOrArn) || r.arn.equals(nameOrArn)).findFirst()
                .orElseThrow(() -> refuse(kind + " " + nameOrArn + " does not exist"));
    }

    private static void notInTransition(Resource r, String kind) {
        if (List.of("CREATING", "UPDATING", "DELETING").contains(r.status)) {
            throw refuse(kind + " " + r.name + " is " + r.status + ": no request until it settles");
        }
    }

    /** One describe lets time pass: transitions settle, DELETED resources drop out of the listing at last. */
    private static void tick(Map<String, Resource> all, int settleAfter, int deletedListedFor) {
        List<String> gone = new ArrayList<>();
        for (Resource r : all.values()) {
            r.describes++;
            switch (r.status) {
                case "CREATING", "UPDATING" -> {
                    if (r.describes > settleAfter) {
                        r.status = r.settlesTo;
                        r.statusReason = "INVALID".equals(r.settlesTo) ? r.statusReason : null;
                        r.describes = 0;
                    }
                }
                case "DELETING" -> {
                    if (r.describes > settleAfter) {
                        r.status = "DELETED";
                        r.describes = 0;
                    }
                }
                case "DELETED" -> {
                    if (r.describes > deletedListedFor) {
                        gone.add(r.name + "/" + r.arn);
                    }
                }
                default -> {
                }
            }
        }
        all.values().removeIf(r -> gone.contains(r.name + "/" + r.arn));
    }

    private static void transition(Resource r, String status) {
        r.status = status;
        r.describes = 0;
    }

    @Override
    public DescribeComputeEnvironmentsResponse describeComputeEnvironments(DescribeComputeEnvironmentsRequest request) {
        before("DescribeComputeEnvironments", request);
        tick(computeEnvironments, settleAfter, deletedListedFor);
        List<ComputeEnvironmentDetail> details = computeEnvironments.values().stream()
                .filter(r -> !request.hasComputeEnvironments() || request.computeEnvironments().contains(r.name)
                        || request.computeEnvironments().contains(r.arn))
                .map(r -> ComputeEnvironmentDetail.builder().computeEnvironmentName(r.name).computeEnvironmentArn(r.arn)
                        .status(r.status).state(r.state).statusReason(r.statusReason).tags(Map.copyOf(r.tags)).type(r.type)
                        .serviceRole(r.serviceRole).computeResources(r.computeResources).build())
                .toList();
        return after("DescribeComputeEnvironments", DescribeComputeEnvironmentsResponse.builder()
                .computeEnvironments(details).build());
    }

    @Override
    public CreateComputeEnvironmentResponse createComputeEnvironment(CreateComputeEnvironmentRequest request) {
        before("CreateComputeEnvironment", request);
        String name = request.computeEnvironmentName();
        if (computeEnvironments.values().stream().anyMatch(r -> r.name.equals(name) && !"DELETED".equals(r.status))) {
            throw refuse("Object already exists");
        }
        Resource r = new Resource(name, "arn:aws:batch:" + region + ":" + ACCOUNT + ":compute-environment/" + name);
        r.state = request.stateAsString() == null ? "ENABLED" : request.stateAsString();
        r.tags = new HashMap<>(request.tags());
        r.type = request.typeAsString();
        r.serviceRole = request.serviceRole();
        r.computeResources = request.computeResources();
        computeEnvironments.remove(name); // a DELETED one of the same name stops being listed
        computeEnvironments.put(name, r);
        return after("CreateComputeEnvironment", CreateComputeEnvironmentResponse.builder()
                .computeEnvironmentName(name).computeEnvironmentArn(r.arn).build());
    }

    @Override
    public UpdateComputeEnvironmentResponse updateComputeEnvironment(UpdateComputeEnvironmentRequest request) {
        before("UpdateComputeEnvironment", request);
        Resource r = find(computeEnvironments, request.computeEnvironment(), "compute environment");
        notInTransition(r, "compute environment");
        ComputeResourceUpdate update = request.computeResources();
        if (update != null && update.equals(ComputeResourceUpdate.builder().build())) {
            throw refuse("Error executing request, Exception : At least one compute-resources attribute must be specified");
        }
        if (update != null && r.computeResources != null) {
            refuseScalingAwsRefuses(r.computeResources, update);
        }
        if (request.stateAsString() != null) {
            r.state = request.stateAsString();
        }
        if (update != null && r.computeResources != null) {
            var b = r.computeResources.toBuilder();
            if (update.minvCpus() != null) {
                b.minvCpus(update.minvCpus());
            }
            if (update.maxvCpus() != null) {
                b.maxvCpus(update.maxvCpus());
            }
            if (update.desiredvCpus() != null) {
                b.desiredvCpus(update.desiredvCpus());
            }
            if (update.hasInstanceTypes()) {
                b.instanceTypes(update.instanceTypes());
            }
            r.computeResources = b.build();
        }
        transition(r, "UPDATING");
        return after("UpdateComputeEnvironment", UpdateComputeEnvironmentResponse.builder()
                .computeEnvironmentName(r.name).computeEnvironmentArn(r.arn).build());
    }

    /** AWS's rules for the vCPU numbers of an update (the model's documentation of ComputeResourceUpdate). */
    private static void refuseScalingAwsRefuses(ComputeResource current, ComputeResourceUpdate update) {
        int desired = current.desiredvCpus() == null ? 0 : current.desiredvCpus();
        int max = update.maxvCpus() != null ? update.maxvCpus() : current.maxvCpus();
        if (update.desiredvCpus() != null && update.desiredvCpus() < desired) {
            throw refuse("desiredvCpus can not be reduced from " + desired + " to " + update.desiredvCpus());
        }
        if (update.maxvCpus() != null && update.maxvCpus() < Math.max(desired, update.desiredvCpus() == null ? 0 : update.desiredvCpus())) {
            throw refuse("maxvCpus " + max + " can not be lower than desiredvCpus " + desired);
        }
    }

    @Override
    public DeleteComputeEnvironmentResponse deleteComputeEnvironment(DeleteComputeEnvironmentRequest request) {
        before("DeleteComputeEnvironment", request);
        Resource r = find(computeEnvironments, request.computeEnvironment(), "compute environment");
        notInTransition(r, "compute environment");
        if (r.serviceRoleDeleted) {
            throw refuse("Unable to delete the compute environment: the service role " + r.serviceRole
                    + " is not authorized to perform the cleanup (it does not exist)");
        }
        if (!"DISABLED".equals(r.state)) {
            throw refuse("Cannot delete, found existing JobQueue relationship or state is not DISABLED");
        }
        boolean queued = jobQueues.values().stream().filter(q -> !"DELETED".equals(q.status))
                .flatMap(q -> q.order.stream()).anyMatch(o -> r.arn.equals(o.computeEnvironment()));
        if (queued) {
            throw refuse("Cannot delete, found existing JobQueue relationship");
        }
        transition(r, "DELETING");
        return after("DeleteComputeEnvironment", DeleteComputeEnvironmentResponse.builder().build());
    }

    @Override
    public DescribeJobQueuesResponse describeJobQueues(DescribeJobQueuesRequest request) {
        before("DescribeJobQueues", request);
        tick(jobQueues, settleAfter, deletedListedFor);
        List<JobQueueDetail> details = jobQueues.values().stream()
                .filter(r -> !request.hasJobQueues() || request.jobQueues().contains(r.name) || request.jobQueues().contains(r.arn))
                .map(r -> JobQueueDetail.builder().jobQueueName(r.name).jobQueueArn(r.arn).status(r.status).state(r.state)
                        .statusReason(r.statusReason).tags(Map.copyOf(r.tags)).priority(r.priority)
                        .computeEnvironmentOrder(r.order).jobStateTimeLimitActions(r.stuckActions)
                        .schedulingPolicyArn(r.schedulingPolicyArn).build())
                .toList();
        return after("DescribeJobQueues", DescribeJobQueuesResponse.builder().jobQueues(details).build());
    }

    @Override
    public CreateJobQueueResponse createJobQueue(CreateJobQueueRequest request) {
        before("CreateJobQueue", request);
        String name = request.jobQueueName();
        if (jobQueues.values().stream().anyMatch(r -> r.name.equals(name) && !"DELETED".equals(r.status))) {
            throw refuse("Object already exists");
        }
        requireValid(request.computeEnvironmentOrder());
        Resource r = new Resource(name, "arn:aws:batch:" + region + ":" + ACCOUNT + ":job-queue/" + name);
        r.state = request.stateAsString() == null ? "ENABLED" : request.stateAsString();
        r.tags = new HashMap<>(request.tags());
        r.priority = request.priority();
        r.order = List.copyOf(request.computeEnvironmentOrder());
        r.stuckActions = List.copyOf(request.jobStateTimeLimitActions());
        r.schedulingPolicyArn = request.schedulingPolicyArn();
        jobQueues.remove(name);
        jobQueues.put(name, r);
        return after("CreateJobQueue", CreateJobQueueResponse.builder().jobQueueName(name).jobQueueArn(r.arn).build());
    }

    /** AWS: every compute environment of a queue must exist and be VALID, and be named by ARN here. */
    private void requireValid(List<ComputeEnvironmentOrder> order) {
        for (ComputeEnvironmentOrder o : order) {
            Resource ce = find(computeEnvironments, o.computeEnvironment(), "compute environment");
            if (!"VALID".equals(ce.status)) {
                throw refuse("computeEnvironment " + ce.name + " is not in VALID state");
            }
        }
    }

    @Override
    public UpdateJobQueueResponse updateJobQueue(UpdateJobQueueRequest request) {
        before("UpdateJobQueue", request);
        Resource r = find(jobQueues, request.jobQueue(), "job queue");
        notInTransition(r, "job queue");
        if (request.stateAsString() != null) {
            r.state = request.stateAsString();
        }
        if (request.priority() != null) {
            r.priority = request.priority();
        }
        if (request.hasComputeEnvironmentOrder()) {
            requireValid(request.computeEnvironmentOrder());
            r.order = List.copyOf(request.computeEnvironmentOrder());
        }
        if (request.hasJobStateTimeLimitActions()) {
            r.stuckActions = List.copyOf(request.jobStateTimeLimitActions());
        }
        transition(r, "UPDATING");
        return after("UpdateJobQueue", UpdateJobQueueResponse.builder().jobQueueName(r.name).jobQueueArn(r.arn).build());
    }

    @Override
    public DeleteJobQueueResponse deleteJobQueue(DeleteJobQueueRequest request) {
        before("DeleteJobQueue", request);
        Resource r = find(jobQueues, request.jobQueue(), "job queue");
        notInTransition(r, "job queue");
        if (!"DISABLED".equals(r.state)) {
            throw refuse("Job queue " + r.name + " must be DISABLED before it is deleted");
        }
        // as AWS does: every job still waiting or running in a deleted queue is terminated
        jobsInQueue.getOrDefault(r.arn, List.of()).stream()
                .filter(j -> List.of("SUBMITTED", "PENDING", "RUNNABLE", "STARTING", "RUNNING").contains(j.statusAsString()))
                .forEach(j -> terminatedByQueueDeletion.add(j.jobId()));
        jobsInQueue.remove(r.arn);
        transition(r, "DELETING");
        return after("DeleteJobQueue", DeleteJobQueueResponse.builder().build());
    }

    @Override
    public TagResourceResponse tagResource(TagResourceRequest request) {
        before("TagResource", request);
        Resource r = computeEnvironments.values().stream().filter(c -> c.arn.equals(request.resourceArn())).findFirst()
                .orElseGet(() -> find(jobQueues, request.resourceArn(), "resource"));
        r.tags.putAll(request.tags());
        return after("TagResource", TagResourceResponse.builder().build());
    }

    /** Jobs AWS would have terminated because their queue was deleted under them. */
    public final List<String> terminatedByQueueDeletion = new java.util.ArrayList<>();

    /** Jobs per queue ARN that ListJobs answers (this model runs none itself); tests put what a queue still holds. */
    public final Map<String, List<software.amazon.awssdk.services.batch.model.JobSummary>> jobsInQueue = new HashMap<>();

    @Override
    public software.amazon.awssdk.services.batch.model.ListJobsResponse listJobs(
            software.amazon.awssdk.services.batch.model.ListJobsRequest request) {
        before("ListJobs", request);
        var jobs = jobsInQueue.getOrDefault(request.jobQueue(), List.of()).stream()
                .filter(j -> request.jobStatus() == null || request.jobStatusAsString().equals(j.statusAsString())).toList();
        return after("ListJobs", software.amazon.awssdk.services.batch.model.ListJobsResponse.builder().jobSummaryList(jobs).build());
    }
}
