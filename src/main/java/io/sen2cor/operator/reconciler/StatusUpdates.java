package io.sen2cor.operator.reconciler;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.sen2cor.operator.backend.Observation;
import io.sen2cor.operator.status.ConditionType;
import io.sen2cor.operator.status.Conditions;

/** Shared status mechanics of both reconcilers: deep copies, write-only-when-changed, Ready transitions. */
final class StatusUpdates {

    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    private StatusUpdates() {
    }

    static <S> S copyOf(S status, S fallback) {
        return status == null ? fallback : JSON.clone(status);
    }

    static boolean same(Object a, Object b) {
        return Objects.equals(JSON.asJson(a), JSON.asJson(b));
    }

    /** Patches status only when it differs from what was read (Keycloak-style), and requeues if asked. */
    static <R extends CustomResource<?, S>, S> UpdateControl<R> control(R resource, S before, S after,
            Duration recheckAfter) {
        UpdateControl<R> control;
        if (same(before, after)) {
            control = UpdateControl.noUpdate();
        } else {
            resource.setStatus(after);
            control = UpdateControl.patchStatus(resource);
        }
        return recheckAfter == null ? control : control.rescheduleAfter(recheckAfter);
    }

    /**
     * Writes status when it differs from what was read, through JOSDK's PrimaryUpdateAndCacheUtils: the next
     * reconcile reads this status even before the informer has seen the write, so a requeue right after a
     * SubmitJob never works from a status without the job id it just recorded (docs/architecture.md, "Status
     * contract"). Server-side apply of a fresh copy when the operator patches with SSA (JOSDK's default), a merge
     * patch otherwise.
     */
    static <R extends CustomResource<?, S>, S> UpdateControl<R> writeAndCache(R resource, S before, S after,
            Duration recheckAfter, Context<R> context, Supplier<R> blank) {
        if (!same(before, after)) {
            if (context.getControllerConfiguration().getConfigurationService().useSSAToPatchPrimaryResource()) {
                R fresh = blank.get();
                fresh.setMetadata(new ObjectMetaBuilder().withName(resource.getMetadata().getName())
                        .withNamespace(resource.getMetadata().getNamespace()).build());
                fresh.setStatus(after);
                PrimaryUpdateAndCacheUtils.ssaPatchStatusAndCacheResource(resource, fresh, context);
            } else {
                PrimaryUpdateAndCacheUtils.patchStatusAndCacheResource(resource, context, r -> {
                    r.setStatus(after);
                    return r;
                });
            }
        }
        UpdateControl<R> control = UpdateControl.noUpdate();
        return recheckAfter == null ? control : control.rescheduleAfter(recheckAfter);
    }

    /** The Warning condition from the observation's warning, True while there is one and absent otherwise. */
    static List<Condition> warning(List<Condition> conditions, Observation o, Long generation, Instant now) {
        return o.warning() == null ? Conditions.remove(conditions, ConditionType.WARNING)
                : Conditions.set(conditions, ConditionType.WARNING, true, o.warning().reason().name(),
                        o.warning().message(), generation, now);
    }

    /** The new Ready condition when its status or reason changed, i.e. when a user should get an Event. */
    static Optional<Condition> readyTransition(List<Condition> before, List<Condition> after) {
        return transition(before, after, ConditionType.READY);
    }


    /** The Warning condition when it appeared or says something new: one Warning Event, not one per recheck. */
    static Optional<Condition> warningTransition(List<Condition> before, List<Condition> after) {
        Optional<Condition> now = Conditions.find(after, ConditionType.WARNING);
        Optional<Condition> old = Conditions.find(before, ConditionType.WARNING);
        return now.filter(w -> old.isEmpty() || !Objects.equals(old.get().getReason(), w.getReason())
                || !Objects.equals(old.get().getMessage(), w.getMessage()));
    }

    private static Optional<Condition> transition(List<Condition> before, List<Condition> after, String type) {
        Optional<Condition> old = Conditions.find(before, type);
        Optional<Condition> now = Conditions.find(after, type);
        if (now.isEmpty()) {
            return Optional.empty();
        }
        boolean changed = old.isEmpty() || !Objects.equals(old.get().getStatus(), now.get().getStatus())
                || !Objects.equals(old.get().getReason(), now.get().getReason());
        return changed ? now : Optional.empty();
    }
}
