package io.sen2cor.operator.validation;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

import io.sen2cor.operator.api.AwsBatchSpec;
import io.sen2cor.operator.api.BatchEnvironment;
import io.sen2cor.operator.api.NamespaceJobRole;
import io.sen2cor.operator.api.Sen2CorJob;
import io.sen2cor.operator.status.ConditionReason;

/**
 * What a tenant's Sen2CorJob may make the operator and its scenes do on an environment the platform team owns
 * (docs/security.md): which image runs with the environment's identity, which role it gets, where it writes, which
 * S3 endpoints it signs requests for, which catalogue the operator searches for it and which Secrets it may mount.
 * Pure: callers pass what they observed. Checked before the first round and again before every later one.
 */
public final class TenantPolicy {

    /** The label (value "true") by which a namespace's owners mark a Secret that Sen2CorJobs may reference. */
    public static final String CREDENTIALS_LABEL = "sen2cor.io/job-credentials";
    /** Thrown by a Secret lookup the operator has no RBAC for (the chart's rbac.checkSecrets off). */
    public static final class SecretsUnreadable extends RuntimeException {
        public SecretsUnreadable(String message) {
            super(message);
        }
    }

    /** Stands for the job's namespace in an allowedOutputs entry. */
    public static final String NAMESPACE_PLACEHOLDER = "{namespace}";

    private TenantPolicy() {
    }

    /**
     * The operator's own side of the policy (its configuration): the runner image of jobs that name none, and the
     * catalogue roots it searches at all ({@code null}: any, for in-process tests whose catalogue has a random port;
     * the operator's configuration always has a list).
     */
    public record Settings(String defaultImage, List<String> catalogs) {
    }

    /**
     * The first refusal of the job on this environment, or {@link Verdict#ACCEPTED}.
     *
     * @param secretLabels a Secret of the job's namespace to its labels, empty when it does not exist (asked only for
     *                     the Secrets the job names)
     */
    public static Verdict check(Sen2CorJob job, BatchEnvironment env, Settings settings,
            Function<String, Optional<Map<String, String>>> secretLabels) {
        // in order, stopping at the first refusal: the credentials rule reads Secrets, which a refused job need not cost
        List<Supplier<Verdict>> rules = List.of(() -> image(job, env, settings.defaultImage()), () -> output(job, env),
                () -> endpoints(job, env), () -> catalogue(job, env, settings.catalogs()),
                () -> credentials(job, env, secretLabels), () -> jobRole(job, env));
        return rules.stream().map(Supplier::get).filter(v -> !v.accepted()).findFirst().orElse(Verdict.ACCEPTED);
    }

    static Verdict image(Sen2CorJob job, BatchEnvironment env, String defaultImage) {
        String image = job.getSpec().getImage();
        if (image == null) {
            return Verdict.ACCEPTED;
        }
        List<String> allowed = env.getSpec().getAllowedImages();
        List<String> patterns = allowed == null || allowed.isEmpty() ? List.of(repository(defaultImage)) : allowed;
        String repository = repository(image);
        if (patterns.stream().anyMatch(p -> imageMatches(repository, p))) {
            return Verdict.ACCEPTED;
        }
        return Verdict.reject(ConditionReason.ImageNotAllowed, "image " + image + " is not allowed on BatchEnvironment '"
                + env.getMetadata().getName() + "' (allowedImages " + patterns + "); leave spec.image unset for the "
                + "operator's runner image");
    }

    /** An image reference without its tag and digest: registry:5000/eo/runner:2.12@sha256:... gives registry:5000/eo/runner. */
    static String repository(String image) {
        String ref = image;
        int at = ref.indexOf('@');
        if (at >= 0) {
            ref = ref.substring(0, at);
        }
        int colon = ref.lastIndexOf(':');
        if (colon > ref.lastIndexOf('/')) {
            ref = ref.substring(0, colon);
        }
        return ref;
    }

    static boolean imageMatches(String repository, String pattern) {
        if (pattern.endsWith("/*")) {
            return repository.startsWith(pattern.substring(0, pattern.length() - 1));
        }
        return repository.equals(pattern);
    }

    static Verdict output(Sen2CorJob job, BatchEnvironment env) {
        String uri = job.getSpec().getOutput().getUri();
        String ns = job.getMetadata().getNamespace();
        List<String> outputs = env.getSpec().getAllowedOutputs();
        if (hasDotSegment(uri)) {
            return Verdict.reject(ConditionReason.OutputNotAllowed, "output " + uri + " has a '.' or '..' path segment");
        }
        if (outputs == null || outputs.isEmpty()) {
            return Verdict.reject(ConditionReason.OutputNotAllowed, "BatchEnvironment '" + env.getMetadata().getName()
                    + "' allows no output: its spec.allowedOutputs must list the S3 prefixes jobs may write");
        }
        List<String> resolved = outputs.stream().map(p -> p.replace(NAMESPACE_PLACEHOLDER, ns)).toList();
        if (resolved.stream().noneMatch(prefix -> isUnder(uri, prefix))) {
            return Verdict.reject(ConditionReason.OutputNotAllowed, "output " + uri + " is not under any of BatchEnvironment '"
                    + env.getMetadata().getName() + "' allowedOutputs " + resolved);
        }
        return Verdict.ACCEPTED;
    }

    /** Prefix match on path segments: s3://b/l2a/ allows s3://b/l2a/x but not s3://b/l2a-other. */
    static boolean isUnder(String uri, String prefix) {
        String p = prefix.endsWith("/") ? prefix : prefix + "/";
        String u = uri.endsWith("/") ? uri : uri + "/";
        return u.startsWith(p) && !hasDotSegment(u);
    }

    /** A '.' or '..' segment anywhere in the path (the schema refuses them too; this guards older objects). */
    static boolean hasDotSegment(String path) {
        for (String segment : path.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return true;
            }
        }
        return false;
    }

    static Verdict endpoints(Sen2CorJob job, BatchEnvironment env) {
        List<String> allowed = env.getSpec().getAllowedEndpoints() == null ? List.of()
                : env.getSpec().getAllowedEndpoints().stream().map(TenantPolicy::origin).toList();
        List<String> named = new ArrayList<>();
        if (job.getSpec().getSource().getEndpoint() != null) {
            named.add(job.getSpec().getSource().getEndpoint());
        }
        if (job.getSpec().getOutput().getEndpoint() != null) {
            named.add(job.getSpec().getOutput().getEndpoint());
        }
        for (String endpoint : named) {
            if (!allowed.contains(origin(endpoint))) {
                return Verdict.reject(ConditionReason.EndpointNotAllowed, "S3 endpoint " + origin(endpoint)
                        + " is not in BatchEnvironment '" + env.getMetadata().getName() + "' allowedEndpoints "
                        + allowed + ": the runner signs its requests there with the job's credentials");
            }
        }
        return Verdict.ACCEPTED;
    }

    /** scheme://host[:port], lower case, without a trailing slash or path. */
    public static String origin(String url) {
        URI uri = URI.create(url.trim());
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        return scheme + "://" + host + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }

    static Verdict catalogue(Sen2CorJob job, BatchEnvironment env, List<String> operatorCatalogs) {
        if (job.getSpec().getScenes() == null) {
            return Verdict.ACCEPTED;
        }
        String catalog = job.getSpec().getScenes().getCatalog();
        boolean operatorAllows = operatorCatalogs == null || catalogueUnder(catalog, operatorCatalogs);
        List<String> narrowed = env.getSpec().getAllowedCatalogs();
        boolean envAllows = narrowed == null || catalogueUnder(catalog, narrowed);
        if (operatorAllows && envAllows) {
            return Verdict.ACCEPTED;
        }
        return Verdict.reject(ConditionReason.CatalogueNotAllowed, "catalogue " + display(catalog)
                + " is not allowed: " + (operatorAllows ? "BatchEnvironment '" + env.getMetadata().getName()
                        + "' allowedCatalogs " + narrowed : "it is not one of the catalogues this operator searches "
                        + "(its sen2cor.stac.allowed-catalogs)") + "; ask the platform team to add it");
    }

    /**
     * Whether a catalogue URL is one of the roots or below one (same scheme, host and port, path on segment
     * boundaries): https://earth-search.aws.element84.com/v1 allows .../v1 and .../v1/ but not .../v10.
     */
    public static boolean catalogueUnder(String url, List<String> roots) {
        if (roots == null) {
            return false;
        }
        try {
            String origin = origin(url);
            String path = path(url) + "/";
            return roots.stream().anyMatch(r -> origin.equals(origin(r)) && path.startsWith(path(r) + "/"));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String path(String url) {
        String p = URI.create(url.trim()).getRawPath();
        return p == null ? "" : p.replaceFirst("/+$", "");
    }

    /** A URL as status and Events may show it: scheme, host, port and path; no user info, query or fragment. */
    public static String display(String url) {
        try {
            URI uri = URI.create(url.trim());
            return origin(url) + (uri.getRawPath() == null ? "" : uri.getRawPath());
        } catch (IllegalArgumentException e) {
            return "(an invalid URL)";
        }
    }

    /**
     * Credentials Secrets: only on the Kubernetes backend (AWS Batch scenes use the job role, a Secret there would be
     * ignored), and only Secrets the namespace's owners labelled for jobs, so a tenant who may not read a Secret cannot
     * have it mounted into a pod. {@code secretLabels}: a Secret's labels, empty when it does not exist.
     */
    static Verdict credentials(Sen2CorJob job, BatchEnvironment env, Function<String, Optional<Map<String, String>>> secretLabels) {
        List<String> refs = new ArrayList<>();
        if (job.getSpec().getSource().getCredentialsSecretRef() != null) {
            refs.add(job.getSpec().getSource().getCredentialsSecretRef());
        }
        if (job.getSpec().getOutput().getCredentialsSecretRef() != null) {
            refs.add(job.getSpec().getOutput().getCredentialsSecretRef());
        }
        if (refs.isEmpty()) {
            return Verdict.ACCEPTED;
        }
        if (env.getSpec().getKubernetes() == null) {
            return Verdict.reject(ConditionReason.CredentialsNotAllowed, "credentialsSecretRef is for the Kubernetes backend; "
                    + "on AWS Batch the scenes use the environment's job role: remove it");
        }
        for (String name : refs) {
            Optional<Map<String, String>> labels;
            try {
                labels = secretLabels.apply(name);
            } catch (SecretsUnreadable e) {
                return Verdict.reject(ConditionReason.CredentialsNotAllowed, "the operator may not read Secrets to check "
                        + "the " + CREDENTIALS_LABEL + " label, so jobs cannot name credentials Secrets here (the chart's "
                        + "rbac.checkSecrets); use the pods' own identity (IRSA, EKS Pod Identity)");
            }
            if (labels.isEmpty() || !"true".equals(labels.get().get(CREDENTIALS_LABEL))) {
                // one message whether it exists or not: a tenant learns nothing about Secrets it cannot read
                return Verdict.reject(ConditionReason.CredentialsNotAllowed, "Secret " + name + " is not usable by "
                        + "Sen2CorJobs: the namespace's owners mark such Secrets with the label " + CREDENTIALS_LABEL + "=true");
            }
        }
        return Verdict.ACCEPTED;
    }

    static Verdict jobRole(Sen2CorJob job, BatchEnvironment env) {
        AwsBatchSpec aws = env.getSpec().getAwsBatch();
        if (aws == null || aws.getNamespaceJobRoles() == null || aws.getNamespaceJobRoles().isEmpty()
                || jobRoleFor(aws, job.getMetadata().getNamespace()) != null) {
            return Verdict.ACCEPTED;
        }
        return Verdict.reject(ConditionReason.NoJobRole, "BatchEnvironment '" + env.getMetadata().getName()
                + "' has no job role for namespace " + job.getMetadata().getNamespace()
                + " (awsBatch.namespaceJobRoles lists it nowhere and awsBatch.jobRole is unset)");
    }

    /** The job role of a namespace's scenes: its namespaceJobRoles entry, else the environment's jobRole (may be null). */
    public static String jobRoleFor(AwsBatchSpec aws, String namespace) {
        if (aws.getNamespaceJobRoles() != null) {
            for (NamespaceJobRole entry : aws.getNamespaceJobRoles()) {
                if (entry.getNamespaces() != null && entry.getNamespaces().contains(namespace)) {
                    return entry.getJobRole();
                }
            }
        }
        return aws.getJobRole();
    }
}
