package io.sen2cor.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

public class ResourcesSpec {

    @JsonPropertyDescription("vCPUs per scene; also sets Sen2Cor's thread count (its AUTO would see the host's CPUs).")
    @Min(1)
    @Max(192)
    @Default("4")
    private Integer vcpus = 4;

    @JsonPropertyDescription("Memory per scene, in Mi or Gi (e.g. 15Gi). Default 15Gi: it fits a 16 GiB instance after "
            + "what the ECS agent and the OS keep (16Gi never fits one, so AWS Batch would pick an instance twice the size).")
    @Pattern(Patterns.MEMORY)
    @Default("15Gi")
    private String memory = "15Gi";

    public Integer getVcpus() {
        return vcpus;
    }

    public void setVcpus(Integer vcpus) {
        this.vcpus = vcpus;
    }

    public String getMemory() {
        return memory;
    }

    public void setMemory(String memory) {
        this.memory = memory;
    }
}
