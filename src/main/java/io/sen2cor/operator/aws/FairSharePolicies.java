package io.sen2cor.operator.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.sen2cor.operator.api.BatchEnvironment;
import io.sen2cor.operator.api.FairShareSpec;
import io.sen2cor.operator.api.NamespaceShare;
import io.sen2cor.operator.status.EventReason;
import io.sen2cor.operator.status.EventSink;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.batch.model.FairsharePolicy;
import software.amazon.awssdk.services.batch.model.SchedulingPolicyDetail;
import software.amazon.awssdk.services.batch.model.ShareAttributes;

/**
 * The fair-share scheduling policy of a BatchEnvironment with awsBatch.fairShare (docs/security.md, "Fair share"):
 * one per environment, named {@code <environment>-share}, owned by tag like the queues, attached to its job queues
 * when they are created, brought to the spec on every sync, and deleted after the queues. Each namespace submits
 * under its own share identifier.
 */
final class FairSharePolicies {

    private FairSharePolicies() {
    }

    static String name(BatchEnvironment env) {
        return env.getMetadata().getName() + "-share";
    }

    /**
     * A namespace's share identifier: AWS allows letters, digits and underscores, a namespace letters, digits and
     * hyphens, so '-' becomes '_' (one to one: a namespace has no '_').
     */
    static String shareIdentifier(String namespace) {
        return namespace.replace('-', '_');
    }

    /** The policy the spec asks for (pure). */
    static FairsharePolicy policy(FairShareSpec spec) {
        List<ShareAttributes> shares = new ArrayList<>();
        if (spec.getShares() != null) {
            for (NamespaceShare share : spec.getShares()) {
                shares.add(ShareAttributes.builder().shareIdentifier(shareIdentifier(share.getNamespace()))
                        .weightFactor(share.getWeightFactor().floatValue()).build());
            }
        }
        return FairsharePolicy.builder().shareDecaySeconds(spec.getShareDecaySeconds())
                .computeReservation(spec.getComputeReservation()).shareDistribution(shares).build();
    }

    /** Whether AWS's policy says what the spec asks (AWS may leave out an empty list or a zero). */
    static boolean matches(FairsharePolicy actual, FairsharePolicy desired) {
        return zero(actual.shareDecaySeconds()) == zero(desired.shareDecaySeconds())
                && zero(actual.computeReservation()) == zero(desired.computeReservation())
                && actual.shareDistribution().stream().map(s -> s.shareIdentifier() + "=" + s.weightFactor()).toList()
                        .equals(desired.shareDistribution().stream().map(s -> s.shareIdentifier() + "=" + s.weightFactor()).toList());
    }

    private static int zero(Integer i) {
        return i == null ? 0 : i;
    }

    /** The environment's policy as AWS has it, by name; with its tags. */
    static Optional<SchedulingPolicyDetail> find(BatchClient batch, String name) {
        List<String> arns = new ArrayList<>();
        batch.listSchedulingPoliciesPaginator(r -> { }).schedulingPolicies().forEach(p -> {
            if (p.arn().endsWith(":scheduling-policy/" + name)) {
                arns.add(p.arn());
            }
        });
        if (arns.isEmpty()) {
            return Optional.empty();
        }
        return batch.describeSchedulingPolicies(r -> r.arns(arns)).schedulingPolicies().stream().findFirst();
    }

    /**
     * The ARN of the environment's policy, created or updated to the spec; empty with a message when a policy of that
     * name exists that the environment does not own (never changed, as for queues).
     */
    static Result ensure(BatchClient batch, BatchEnvironment env, EventSink events) {
        String name = name(env);
        FairsharePolicy desired = policy(env.getSpec().getAwsBatch().getFairShare());
        Optional<SchedulingPolicyDetail> existing = find(batch, name);
        if (existing.isEmpty()) {
            String arn = batch.createSchedulingPolicy(r -> r.name(name).fairsharePolicy(desired)
                    .tags(OwnershipTags.forEnvironment(env))).arn();
            events.record(env, EventReason.SchedulingPolicyCreated, "created fair-share scheduling policy "
                    + name);
            return new Result(arn, null);
        }
        SchedulingPolicyDetail policy = existing.get();
        if (!OwnershipTags.ownedBy(policy.tags(), env.getMetadata().getUid())) {
            return new Result(null, "scheduling policy " + name + " exists and was not created for this BatchEnvironment; "
                    + "rename the environment or delete the policy");
        }
        if (!matches(policy.fairsharePolicy(), desired)) {
            batch.updateSchedulingPolicy(r -> r.arn(policy.arn()).fairsharePolicy(desired));
            events.record(env, EventReason.SchedulingPolicyUpdated, "updated fair-share scheduling "
                    + "policy " + name);
        }
        return new Result(policy.arn(), null);
    }

    /** The policy's ARN, or why there is none. */
    record Result(String arn, String conflict) {
    }

    /** Deletes the environment's owned policy, once no queue uses it; the step's message, or empty when none is left. */
    static Optional<String> retire(BatchClient batch, BatchEnvironment env) {
        Optional<SchedulingPolicyDetail> policy = find(batch, name(env));
        if (policy.isEmpty() || !OwnershipTags.ownedBy(policy.get().tags(), env.getMetadata().getUid())) {
            return Optional.empty();
        }
        batch.deleteSchedulingPolicy(r -> r.arn(policy.get().arn()));
        return Optional.of("deleting scheduling policy " + name(env));
    }
}
