package io.sen2cor.operator.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.batch.model.ComputeEnvironmentDetail;
import software.amazon.awssdk.services.batch.model.ComputeResource;
import software.amazon.awssdk.services.batch.model.ComputeResourceUpdate;
import software.amazon.awssdk.services.batch.model.DescribeComputeEnvironmentsResponse;
import software.amazon.awssdk.services.batch.model.DescribeJobsRequest;
import software.amazon.awssdk.services.batch.model.DescribeJobsResponse;
import software.amazon.awssdk.services.batch.model.JobDetail;
import software.amazon.awssdk.services.batch.model.ListJobsResponse;
import software.amazon.awssdk.services.batch.model.ListJobsRequest;
import software.amazon.awssdk.services.batch.model.JobSummary;
import software.amazon.awssdk.services.batch.model.UpdateComputeEnvironmentRequest;

/**
 * Test-only SDK interceptor around the operator's AWS clients. It records every request the operator sent (where
 * moto does not enforce an AWS rule, tests assert on the requests), and it fills gaps of moto 5.2 (docs/architecture.md,
 * "Test tiers"), clearly simulated here and nowhere in main code:
 * <ul>
 * <li>moto accepts UpdateComputeEnvironment's computeResources but never stores them; AWS does. Accepted updates are
 * applied to later DescribeComputeEnvironments responses, as AWS would report them.</li>
 * <li>moto finishes jobs inside SubmitJob: {@link #editJob} changes what a job looks like (one that stays RUNNABLE
 * or RUNNING, or that AWS has forgotten). States moto never shows for compute environments and queues (CREATING,
 * INVALID, DELETED) are tested on testing/InMemoryBatch instead.</li>
 * <li>moto answers DescribeJobs with {@code "vcpus": 1.0}, which the SDK cannot read as the integer AWS sends;
 * the number is rewritten to an integer before the SDK parses it.</li>
 * <li>moto allows everything: {@link #refuse} makes AWS refuse a request type, as a missing IAM permission would.</li>
 * </ul>
 */
public class MotoBatchGaps implements ExecutionInterceptor {

    private static final Pattern FLOAT_INTS = Pattern.compile("\"(vcpus|memory)\":\\s*([0-9]+)\\.0\\b");

    /** Requests since the last {@link #clear()}. */
    public final List<SdkRequest> requests = new CopyOnWriteArrayList<>();
    /** A request and when it was sent (System.nanoTime). */
    public record Sent(SdkRequest request, long nanos) {
    }

    /** Requests since the last {@link #clear()} with their send times, for latency measurements. */
    public final List<Sent> timeline = new CopyOnWriteArrayList<>();
    /** Every request, never cleared. */
    public final List<SdkRequest> everything = new CopyOnWriteArrayList<>();
    private final Map<String, UnaryOperator<JobDetail>> jobOverlays = new ConcurrentHashMap<>();
    private final Map<String, List<JobSummary>> childListings = new ConcurrentHashMap<>();
    private final Map<Class<?>, AwsServiceException> refusals = new ConcurrentHashMap<>();
    private final Map<String, UnaryOperator<ComputeEnvironmentDetail>> overlays = new ConcurrentHashMap<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        timeline.add(new Sent(context.request(), System.nanoTime()));
        requests.add(context.request());
        everything.add(context.request());
    }

    /** Refusals happen on the wire, like AWS's: the SDK's failure handling (and metrics) see them. */
    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        AwsServiceException refusal = refusals.get(context.request().getClass());
        if (refusal != null) {
            throw refusal;
        }
    }

    /** AWS refuses every request of this type (status 0: stop refusing), e.g. an IAM policy without the action. */
    public void refuse(Class<? extends SdkRequest> type, int status, String code, String message) {
        if (status == 0) {
            refusals.remove(type);
            return;
        }
        refusals.put(type, AwsServiceException.builder().statusCode(status).message(message)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).serviceName("Batch").build())
                .build());
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (context.request() instanceof UpdateComputeEnvironmentRequest update && update.computeResources() != null) {
            String name = update.computeEnvironment().substring(update.computeEnvironment().lastIndexOf('/') + 1);
            ComputeResourceUpdate u = update.computeResources();
            store(name, ce -> ce.toBuilder().computeResources(apply(ce.computeResources(), u)).build());
        }
    }

    /** moto writes {@code "vcpus": 1.0} for jobs whose definition uses resourceRequirements; AWS (and the SDK) want an int. */
    @Override
    public Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
        if (!(context.request() instanceof DescribeJobsRequest) || context.responseBody().isEmpty()) {
            return context.responseBody();
        }
        try (InputStream in = context.responseBody().get()) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String fixed = integerVcpus(body);
            return Optional.of(new ByteArrayInputStream(fixed.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** moto's DescribeJobs answer with vcpus/memory as the integers AWS sends ({@code 1.0} becomes {@code 1}). */
    public static String integerVcpus(String describeJobsBody) {
        return FLOAT_INTS.matcher(describeJobsBody).replaceAll("\"$1\": $2");
    }

    @Override
    public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
        if (context.response() instanceof DescribeJobsResponse jobs && !jobOverlays.isEmpty()) {
            return jobs.toBuilder().jobs(jobs.jobs().stream()
                    .map(j -> jobOverlays.getOrDefault(j.jobId(), UnaryOperator.identity()).apply(j))
                    .filter(java.util.Objects::nonNull).toList()).build();
        }
        if (context.response() instanceof ListJobsResponse && context.request() instanceof ListJobsRequest list
                && list.arrayJobId() != null && childListings.containsKey(list.arrayJobId())) {
            return ListJobsResponse.builder().jobSummaryList(childListings.get(list.arrayJobId()).stream()
                    .filter(c -> list.jobStatus() == null || list.jobStatus() == c.status()).toList()).build();
        }
        if (context.response() instanceof DescribeComputeEnvironmentsResponse response) {
            return response.toBuilder().computeEnvironments(response.computeEnvironments().stream()
                    .map(ce -> overlays.getOrDefault(ce.computeEnvironmentName(), UnaryOperator.identity()).apply(ce))
                    .toList()).build();
        }
        return context.response();
    }

    /**
     * From now on, the job with this id is described with {@code change} applied (e.g. still RUNNABLE); a change
     * returning null makes DescribeJobs leave the job out, as AWS does a day after it finished.
     */
    public void editJob(String jobId, UnaryOperator<JobDetail> change) {
        jobOverlays.put(jobId, change);
    }

    /** From now on, ListJobs of this array's children answers these (moto's children all share one fate). */
    public void listChildren(String arrayJobId, List<JobSummary> children) {
        childListings.put(arrayJobId, List.copyOf(children));
    }

    public void clearJobEdits() {
        jobOverlays.clear();
        childListings.clear();
    }

    /** From now on, the named compute environment is described with {@code change} applied (after earlier ones). */
    private void store(String computeEnvironmentName, UnaryOperator<ComputeEnvironmentDetail> change) {
        overlays.merge(computeEnvironmentName, change, (before, next) -> ce -> next.apply(before.apply(ce)));
    }

    /** Requests of one type, in the order they were sent. */
    public <T extends SdkRequest> List<T> sent(Class<T> type) {
        return requests.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** Request type names in order, without reads: "CreateComputeEnvironmentRequest", ... */
    public List<String> writes() {
        return requests.stream().map(r -> r.getClass().getSimpleName())
                .filter(n -> !n.startsWith("Describe") && !n.startsWith("Get") && !n.startsWith("List")).toList();
    }

    public void clear() {
        timeline.clear();
        requests.clear();
    }

    private static ComputeResource apply(ComputeResource r, ComputeResourceUpdate u) {
        ComputeResource.Builder b = r.toBuilder();
        if (u.minvCpus() != null) {
            b.minvCpus(u.minvCpus());
        }
        if (u.maxvCpus() != null) {
            b.maxvCpus(u.maxvCpus());
        }
        if (u.desiredvCpus() != null) {
            b.desiredvCpus(u.desiredvCpus());
        }
        if (u.hasInstanceTypes()) {
            b.instanceTypes(u.instanceTypes());
        }
        if (u.hasSubnets()) {
            b.subnets(u.subnets());
        }
        if (u.hasSecurityGroupIds()) {
            b.securityGroupIds(u.securityGroupIds());
        }
        if (u.hasTags()) {
            b.tags(u.tags());
        }
        if (u.allocationStrategy() != null) {
            b.allocationStrategy(u.allocationStrategyAsString());
        }
        if (u.bidPercentage() != null) {
            b.bidPercentage(u.bidPercentage());
        }
        if (u.imageId() != null) {
            b.imageId(u.imageId().isEmpty() ? null : u.imageId());
        }
        if (u.hasEc2Configuration()) {
            b.ec2Configuration(u.ec2Configuration());
        }
        if (u.type() != null) {
            b.type(u.typeAsString());
        }
        if (u.launchTemplate() != null) {
            // an empty name or id goes back to Batch's default template
            boolean none = "".equals(u.launchTemplate().launchTemplateName()) || "".equals(u.launchTemplate().launchTemplateId());
            b.launchTemplate(none ? null : u.launchTemplate());
        }
        if (u.instanceRole() != null) {
            b.instanceRole(u.instanceRole());
        }
        return b.build();
    }
}
