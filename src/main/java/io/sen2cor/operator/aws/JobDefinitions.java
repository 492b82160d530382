package io.sen2cor.operator.aws;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.sen2cor.operator.api.AwsBatchSpec;
import io.sen2cor.operator.api.BatchEnvironment;
import io.sen2cor.operator.api.EfsVolumeSpec;
import io.sen2cor.operator.api.Sen2CorJob;
import io.sen2cor.operator.contract.RunnerContract;
import io.sen2cor.operator.naming.ShortHash;
import io.sen2cor.operator.validation.TenantPolicy;
import io.sen2cor.operator.work.Quantities;
import io.sen2cor.operator.work.RunnerEnvironment;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.batch.model.ContainerProperties;
import software.amazon.awssdk.services.batch.model.EvaluateOnExit;
import software.amazon.awssdk.services.batch.model.Host;
import software.amazon.awssdk.services.batch.model.JobDefinitionType;
import software.amazon.awssdk.services.batch.model.LogConfiguration;
import software.amazon.awssdk.services.batch.model.LogDriver;
import software.amazon.awssdk.services.batch.model.MountPoint;
import software.amazon.awssdk.services.batch.model.PlatformCapability;
import software.amazon.awssdk.services.batch.model.RegisterJobDefinitionRequest;
import software.amazon.awssdk.services.batch.model.ResourceRequirement;
import software.amazon.awssdk.services.batch.model.ResourceType;
import software.amazon.awssdk.services.batch.model.RetryAction;
import software.amazon.awssdk.services.batch.model.RetryStrategy;
import software.amazon.awssdk.services.batch.model.Tmpfs;
import software.amazon.awssdk.services.batch.model.Volume;

/**
 * Job definitions are immutable revisions (docs/architecture.md, "AWS Batch"): the operator names one by a hash of what it contains and
 * registers it only when no ACTIVE revision of that name exists, so identical Sen2CorJobs share one and a reconcile
 * never registers a new revision. Per-job values (manifest, output, source, Sen2Cor settings) travel as container
 * overrides at submission, not in the definition.
 */
public final class JobDefinitions {

    /** Bumped when the way definitions are built changes, so old and new never share a name. */
    static final int LAYOUT = 3;
    public static final String NAME_PREFIX = "sen2cor-";
    static final String AUX_VOLUME = "aux-data";
    static final String WORK_VOLUME = "work";
    /** The runner image's user (runner.Dockerfile), as the Kubernetes pods run it. */
    static final String RUNNER_USER = "10001";
    /** The runner's work folder (SEN2COR_WORK_DIR in the image): the only place besides /tmp it writes. */
    static final String WORK_DIR = "/work";
    /** /tmp as a tmpfs, in MiB: the aux data link and the JVM's temporary files. */
    static final int TMP_MIB = 1024;

    private JobDefinitions() {
    }

    /** Everything a definition depends on; its hash names it. */
    public record Content(String image, int vcpus, int memoryMiB, String jobRole, EfsVolumeSpec auxData, String auxPath,
            int attempts, long timeoutSeconds, String logGroup) {

        public String name() {
            var efs = auxData == null ? "" : auxData.getFileSystemId() + ":" + auxData.getRootDirectory() + ":"
                    + auxData.getAccessPointId();
            String canonical = String.join("|", "v" + LAYOUT, image, String.valueOf(vcpus), String.valueOf(memoryMiB),
                    String.valueOf(jobRole), efs, String.valueOf(auxPath), String.valueOf(attempts),
                    String.valueOf(timeoutSeconds), String.valueOf(logGroup));
            return NAME_PREFIX + ShortHash.of(canonical, 8);
        }
    }

    public static Content content(Sen2CorJob job, BatchEnvironment env, String defaultImage) {
        AwsBatchSpec aws = env.getSpec().getAwsBatch();
        var spec = job.getSpec();
        return new Content(spec.getImage() == null ? defaultImage : spec.getImage(),
                spec.getResources().getVcpus(), Quantities.memoryMiB(spec.getResources().getMemory()),
                TenantPolicy.jobRoleFor(aws, job.getMetadata().getNamespace()),
                aws.getAuxDataVolume(), aws.getAuxDataVolume() == null ? null : RunnerEnvironment.auxVolumeRoot(spec.getSen2cor().getAuxDataPath()),
                spec.getRetry().getAttempts(), Quantities.duration(spec.getTimeout()).toSeconds(), aws.getLogGroup());
    }

    /**
     * The retry strategy of docs/architecture.md, "AWS Batch": Spot reclaims ({@code Host EC2*}) and the runner's retryable exit code
     * are retried up to the attempts; everything else (bad product, Sen2Cor failure) exits at once.
     */
    static RetryStrategy retryStrategy(int attempts) {
        return RetryStrategy.builder().attempts(attempts).evaluateOnExit(
                EvaluateOnExit.builder().onStatusReason("Host EC2*").action(RetryAction.RETRY).build(),
                EvaluateOnExit.builder().onExitCode(String.valueOf(RunnerContract.EXIT_RETRYABLE)).action(RetryAction.RETRY).build(),
                EvaluateOnExit.builder().onReason("*").action(RetryAction.EXIT).build()).build();
    }

    /**
     * awslogs into the environment's group, said explicitly so the group is known without asking AWS. The group must
     * exist: awslogs-create-group on every container is what AWS advises against (concurrent containers race to create
     * it, and a job whose create loses the race fails); Batch's own group always exists.
     */
    static LogConfiguration logConfiguration(String group) {
        String name = group == null ? JobAttempts.BATCH_DEFAULT_GROUP : group;
        Map<String, String> options = new LinkedHashMap<>();
        options.put("awslogs-group", name);
        return LogConfiguration.builder().logDriver(LogDriver.AWSLOGS).options(options).build();
    }

    public static RegisterJobDefinitionRequest register(Content c, Map<String, String> tags) {
        List<Volume> volumes = new ArrayList<>();
        List<MountPoint> mounts = new ArrayList<>();
        if (c.auxData() != null) {
            volumes.add(Volume.builder().name(AUX_VOLUME).efsVolumeConfiguration(e -> {
                e.fileSystemId(c.auxData().getFileSystemId()).rootDirectory(c.auxData().getRootDirectory())
                        .transitEncryption("ENABLED");
                if (c.auxData().getAccessPointId() != null) {
                    e.authorizationConfig(a -> a.accessPointId(c.auxData().getAccessPointId()).iam("ENABLED"));
                }
            }).build());
            mounts.add(MountPoint.builder().sourceVolume(AUX_VOLUME).containerPath(c.auxPath()).readOnly(true).build());
        }
        // read-only root and a non-root user, as on Kubernetes: a Docker volume (a host folder the agent makes for the
        // container and removes with it) takes the work files, a tmpfs /tmp the rest
        volumes.add(Volume.builder().name(WORK_VOLUME).host(Host.builder().build()).build());
        mounts.add(MountPoint.builder().sourceVolume(WORK_VOLUME).containerPath(WORK_DIR).readOnly(false).build());
        ContainerProperties container = ContainerProperties.builder()
                .image(c.image())
                .user(RUNNER_USER)
                .readonlyRootFilesystem(true)
                .privileged(false)
                .linuxParameters(l -> l.initProcessEnabled(true)
                        .tmpfs(Tmpfs.builder().containerPath("/tmp").size(TMP_MIB).mountOptions("rw", "nosuid", "nodev").build()))
                .resourceRequirements(
                        ResourceRequirement.builder().type(ResourceType.VCPU).value(String.valueOf(c.vcpus())).build(),
                        ResourceRequirement.builder().type(ResourceType.MEMORY).value(String.valueOf(c.memoryMiB())).build())
                .jobRoleArn(c.jobRole())
                .volumes(volumes)
                .mountPoints(mounts)
                .logConfiguration(logConfiguration(c.logGroup()))
                .build();
        return RegisterJobDefinitionRequest.builder()
                .jobDefinitionName(c.name())
                .type(JobDefinitionType.CONTAINER)
                .platformCapabilities(PlatformCapability.EC2)
                .containerProperties(container)
                .retryStrategy(retryStrategy(c.attempts()))
                .timeout(t -> t.attemptDurationSeconds((int) Math.max(60, c.timeoutSeconds())))
                .propagateTags(true)
                .tags(tags.isEmpty() ? null : tags) // AWS refuses an empty tags map (min 1 entry)
                .build();
    }

    /** The ARN of an ACTIVE revision with this content, registering one only when there is none. */
    public static String ensure(BatchClient batch, Content c, Map<String, String> tags) {
        // every page: a name with more than one page of ACTIVE revisions must still find the newest
        var newest = batch.describeJobDefinitionsPaginator(r -> r.jobDefinitionName(c.name()).status("ACTIVE"))
                .jobDefinitions().stream().max(Comparator.comparing(d -> d.revision()));
        if (newest.isPresent()) {
            return newest.get().jobDefinitionArn();
        }
        return batch.registerJobDefinition(register(c, tags)).jobDefinitionArn();
    }
}
