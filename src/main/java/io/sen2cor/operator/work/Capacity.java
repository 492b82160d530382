package io.sen2cor.operator.work;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.sen2cor.operator.api.BatchEnvironment;
import io.sen2cor.operator.api.Provisioning;
import io.sen2cor.operator.contract.RunnerContract;

/**
 * What capacity a round's scenes run on, as far as the operator can tell from the environment's spec (the runner
 * records it in each result.json; accounting groups vCPU-seconds by it). See docs/operations.md, "Accounting".
 */
public final class Capacity {

    /** Node labels that say Spot or On-Demand: Karpenter's and EKS managed node groups'. */
    static final Map<String, Map<String, String>> CAPACITY_LABELS = Map.of(
            "karpenter.sh/capacity-type", Map.of("spot", RunnerContract.CAPACITY_SPOT, "on-demand", RunnerContract.CAPACITY_ON_DEMAND),
            "eks.amazonaws.com/capacityType", Map.of("SPOT", RunnerContract.CAPACITY_SPOT, "ON_DEMAND", RunnerContract.CAPACITY_ON_DEMAND));

    private Capacity() {
    }

    /** @param onDemand a round of Spot-interrupted scenes escalated to On-Demand capacity */
    public static String of(BatchEnvironment env, boolean onDemand) {
        if (onDemand) {
            return RunnerContract.CAPACITY_ON_DEMAND;
        }
        if (env.getSpec().getAwsBatch() != null) {
            // a queue with both kinds gives no way to tell which one ran a scene
            Set<Provisioning> kinds = env.getSpec().getAwsBatch().getComputeEnvironments().stream()
                    .map(ce -> ce.getProvisioning()).collect(Collectors.toSet());
            return kinds.size() > 1 ? RunnerContract.CAPACITY_MIXED
                    : kinds.contains(Provisioning.SPOT) ? RunnerContract.CAPACITY_SPOT : RunnerContract.CAPACITY_ON_DEMAND;
        }
        Map<String, String> selector = env.getSpec().getKubernetes() == null ? null : env.getSpec().getKubernetes().getNodeSelector();
        if (selector != null) {
            for (var label : CAPACITY_LABELS.entrySet()) {
                String value = selector.get(label.getKey());
                if (value != null && label.getValue().containsKey(value)) {
                    return label.getValue().get(value);
                }
            }
        }
        return RunnerContract.CAPACITY_UNKNOWN;
    }
}
