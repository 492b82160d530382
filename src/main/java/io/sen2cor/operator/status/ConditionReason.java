package io.sen2cor.operator.status;

/**
 * CamelCase reasons of the Ready, Degraded, Progressing and Warning conditions (each also names the Event recorded
 * when the condition changes). Actions the operator took have their own {@link EventReason}s. A terminal reason
 * needs a change of the spec or the account: it is not retried fast.
 */
public enum ConditionReason implements EventReasonCode {
    /** Everything observed matches the spec. */
    Ready(false),
    /** Work in progress; not an error. */
    Progressing(false),
    /** The spec is semantically invalid in a way the schema cannot express. */
    InvalidSpec(true),
    /** No backend of the requested type is available in this operator build. */
    BackendUnavailable(true),
    /** Sen2CorJob: spec.environmentRef names no BatchEnvironment. */
    EnvironmentNotFound(true),
    /** Sen2CorJob: the BatchEnvironment is being deleted. */
    EnvironmentTerminating(true),
    /** Sen2CorJob: the BatchEnvironment exists but is not Ready yet. */
    EnvironmentNotReady(false),
    /** Sen2CorJob: the BatchEnvironment's allowedNamespaces excludes the job's namespace. */
    NamespaceNotAllowed(true),
    /** Sen2CorJob: spec.output.uri is outside the BatchEnvironment's allowedOutputs. */
    OutputNotAllowed(true),
    /** Sen2CorJob: spec.image is not in the BatchEnvironment's allowedImages. */
    ImageNotAllowed(true),
    /** Sen2CorJob: source.endpoint or output.endpoint is not in the BatchEnvironment's allowedEndpoints. */
    EndpointNotAllowed(true),
    /** Sen2CorJob: spec.scenes.catalog is not an allowed catalogue (operator configuration, allowedCatalogs). */
    CatalogueNotAllowed(true),
    /** Sen2CorJob: a credentialsSecretRef names a Secret its namespace's owners did not mark for jobs, or none. */
    CredentialsNotAllowed(true),
    /** Sen2CorJob: awsBatch.namespaceJobRoles has no role for the job's namespace and jobRole is unset. */
    NoJobRole(true),
    /** Sen2CorJob: a product id is listed more than once. */
    DuplicateProducts(true),
    /**
     * Something the operator would create already exists under the same name and is not its own: a compute
     * environment or job queue in AWS, a Job or ConfigMap of another Sen2CorJob.
     */
    NameConflict(true),
    /** An IAM role, instance profile, subnet, security group or launch template the spec names does not exist. */
    InvalidAwsReference(true),
    /** AWS reports a compute environment INVALID; the message carries its statusReason. */
    ComputeEnvironmentInvalid(true),
    /** AWS reports the job queue INVALID; the message carries its statusReason. */
    JobQueueInvalid(true),
    /** replacePolicy Manual: a change needs a new compute environment and waits for the user. */
    ReplacementPending(true),
    /** A lower maxVcpus waits for AWS Batch to scale desiredvCpus down (AWS refuses a maxvCpus below it). */
    ScaleDownPending(true),
    /** AWS refused a request (access denied, limit reached, bad parameter); the message carries AWS's words. */
    AwsRequestFailed(true),
    /** AWS could not be reached, or kept throttling, after the SDK's retries. */
    AwsUnreachable(true),
    /** Kubernetes backend: a PVC, Secret or ServiceAccount the job needs does not exist in its namespace. */
    MissingKubernetesReference(true),
    /** Sen2CorJob: spec.suspend is true. */
    Suspended(false),
    /** Sen2CorJob: the output bucket does not exist (or cannot be written); nothing was submitted. */
    OutputBucketNotFound(true),
    /** Sen2CorJob: scenes have waited longer than expected without starting (usually no capacity). */
    ScenesNotStarting(true),
    /** Sen2CorJob: waiting for something before submitting (e.g. the environment's job queue ARN). */
    Waiting(false),
    /** Sen2CorJob: spec.scenes is being searched in its STAC catalogue. */
    ResolvingScenes(false),
    /** Sen2CorJob: the STAC catalogue did not answer, or answered with an error; retried. */
    CatalogueUnavailable(true),
    /** Sen2CorJob: the STAC search matched more scenes than scenes.limit, or the catalogue refused the search. */
    SelectionRefused(true),
    /** Sen2CorJob, Warning condition: a finished job with failed or cancelled scenes. */
    CompletedWithFailures(true),
    /** An unexpected error while reconciling; retried with backoff. */
    ReconcileError(true);

    private final boolean warning;

    ConditionReason(boolean warning) {
        this.warning = warning;
    }

    /** Whether an Event with this reason is of type Warning. */
    @Override
    public boolean isWarning() {
        return warning;
    }

    /** Needs a spec or account change: rechecked slowly, never in a fast retry loop. */
    public boolean isTerminal() {
        return warning && this != AwsUnreachable && this != ReconcileError && this != ScenesNotStarting && this != CatalogueUnavailable
                && this != CompletedWithFailures && this != ReplacementPending && this != ScaleDownPending;
    }
}
