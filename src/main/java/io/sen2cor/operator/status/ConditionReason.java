package io.sen2cor.operator.status;

import java.time.Duration;

/**
 * CamelCase reasons of the Ready, Degraded, Progressing and Warning conditions (each also names the Event recorded
 * when the condition changes). Actions the operator took have their own {@link EventReason}s. A terminal reason
 * needs a change of the spec or the account: it is not retried fast.
 */
public enum ConditionReason implements EventReasonCode {
    /** Everything observed matches the spec. */
    Ready(Kind.OK),
    /** Work in progress; not an error. */
    Progressing(Kind.OK),
    /** The spec is semantically invalid in a way the schema cannot express. */
    InvalidSpec(Kind.TERMINAL),
    /** No backend of the requested type is available in this operator build. */
    BackendUnavailable(Kind.TERMINAL),
    /** Sen2CorJob: spec.environmentRef names no BatchEnvironment. */
    EnvironmentNotFound(Kind.TERMINAL),
    /** Sen2CorJob: the BatchEnvironment is being deleted. */
    EnvironmentTerminating(Kind.TERMINAL),
    /** Sen2CorJob: the BatchEnvironment exists but is not Ready yet. */
    EnvironmentNotReady(Kind.OK),
    /** Sen2CorJob: the BatchEnvironment's allowedNamespaces excludes the job's namespace. */
    NamespaceNotAllowed(Kind.TERMINAL),
    /** Sen2CorJob: spec.output.uri is outside the BatchEnvironment's allowedOutputs. */
    OutputNotAllowed(Kind.TERMINAL),
    /** Sen2CorJob: spec.image is not in the BatchEnvironment's allowedImages. */
    ImageNotAllowed(Kind.TERMINAL),
    /** Sen2CorJob: source.endpoint or output.endpoint is not in the BatchEnvironment's allowedEndpoints. */
    EndpointNotAllowed(Kind.TERMINAL),
    /** Sen2CorJob: spec.scenes.catalog is not an allowed catalogue (operator configuration, allowedCatalogs). */
    CatalogueNotAllowed(Kind.TERMINAL),
    /** Sen2CorJob: a credentialsSecretRef names a Secret its namespace's owners did not mark for jobs, or none. */
    CredentialsNotAllowed(Kind.TERMINAL),
    /** Sen2CorJob: awsBatch.namespaceJobRoles has no role for the job's namespace and jobRole is unset. */
    NoJobRole(Kind.TERMINAL),
    /** Sen2CorJob: a product id is listed more than once. */
    DuplicateProducts(Kind.TERMINAL),
    /**
     * Something the operator would create already exists under the same name and is not its own: a compute
     * environment or job queue in AWS, a Job or ConfigMap of another Sen2CorJob.
     */
    NameConflict(Kind.TERMINAL),
    /** An IAM role, instance profile, subnet, security group or launch template the spec names does not exist. */
    InvalidAwsReference(Kind.TERMINAL),
    /** AWS reports a compute environment INVALID; the message carries its statusReason. */
    ComputeEnvironmentInvalid(Kind.TERMINAL),
    /** AWS reports the job queue INVALID; the message carries its statusReason. */
    JobQueueInvalid(Kind.TERMINAL),
    /** replacePolicy Manual: a change needs a new compute environment and waits for the user. */
    ReplacementPending(Kind.WARNING),
    /** A lower maxVcpus waits for AWS Batch to scale desiredvCpus down (AWS refuses a maxvCpus below it). */
    ScaleDownPending(Kind.WARNING),
    /** AWS refused a request (access denied, limit reached, bad parameter); the message carries AWS's words. */
    AwsRequestFailed(Kind.TERMINAL),
    /** AWS could not be reached, or kept throttling, after the SDK's retries. */
    AwsUnreachable(Kind.RECOVERABLE),
    /** Kubernetes backend: a PVC, Secret or ServiceAccount the job needs does not exist in its namespace. */
    MissingKubernetesReference(Kind.TERMINAL),
    /** Sen2CorJob: spec.suspend is true. */
    Suspended(Kind.OK),
    /** Sen2CorJob: the output bucket does not exist (or cannot be written); nothing was submitted. */
    OutputBucketNotFound(Kind.TERMINAL),
    /** Sen2CorJob: scenes have waited longer than expected without starting (usually no capacity). */
    ScenesNotStarting(Kind.WARNING),
    /** Sen2CorJob: spec.scenes is being searched in its STAC catalogue. */
    ResolvingScenes(Kind.OK),
    /** Sen2CorJob: the STAC catalogue did not answer, or answered with an error; retried. */
    CatalogueUnavailable(Kind.RECOVERABLE),
    /** Sen2CorJob: the STAC search matched more scenes than scenes.limit, or the catalogue refused the search. */
    SelectionRefused(Kind.TERMINAL),
    /** Sen2CorSubscription: spec.notifications names a queue the operator may not read; it does not poll. */
    NotificationQueueNotAllowed(Kind.TERMINAL),
    /** Sen2CorJob, Warning condition: a finished job with failed or cancelled scenes. */
    CompletedWithFailures(Kind.WARNING),
    /** An unexpected error while reconciling; retried with backoff. */
    ReconcileError(Kind.RECOVERABLE);

    /**
     * What a reason means for the one who reads it and for the operator, in the ACK style (Terminal, Recoverable):
     * the Event type, the Argo CD health (src/main/argocd, generated from this by ArgoCdHealthTest) and how soon the
     * operator looks again follow from it.
     */
    public enum Kind {
        /** Where the spec asks, or on its way there: a Normal Event, Healthy or Progressing. */
        OK(null),
        /** Retried by the operator on its own (throttling, a catalogue or API outage): Degraded until it passes. */
        RECOVERABLE(Duration.ofSeconds(30)),
        /**
         * Needs a change of the spec, the environment or the account: Degraded, looked at again slowly (a change made
         * outside Kubernetes, such as a bucket or role created, raises no event).
         */
        TERMINAL(Duration.ofMinutes(10)),
        /** Something to look at that does not stop the work: the Warning condition, never the Ready reason. */
        WARNING(null);

        private final Duration recheck;

        Kind(Duration recheck) {
            this.recheck = recheck;
        }

        /**
         * How soon a resource whose Ready reason is of this kind is looked at again when the one who observed it
         * named no time of its own; null: on its next event only (OK and WARNING reasons: the work's own events and the
         * backend's resync drive them).
         */
        public Duration recheck() {
            return recheck;
        }
    }

    private final Kind kind;

    ConditionReason(Kind kind) {
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** Whether an Event with this reason is of type Warning: every reason but the OK ones. */
    @Override
    public boolean isWarning() {
        return kind != Kind.OK;
    }

    /** Needs a spec or account change: rechecked slowly ({@link Kind#recheck()}), never in a fast retry loop. */
    public boolean isTerminal() {
        return kind == Kind.TERMINAL;
    }
}
