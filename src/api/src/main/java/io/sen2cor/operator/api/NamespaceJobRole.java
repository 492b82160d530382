package io.sen2cor.operator.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** One entry of awsBatch.namespaceJobRoles: the job role the scenes of these namespaces run with. */
public class NamespaceJobRole {

    @JsonPropertyDescription("Namespaces whose Sen2CorJobs run with this role.")
    @Required
    @Size(min = 1, max = 100)
    private List<@Pattern(Patterns.DNS_LABEL) @Size(max = 63) String> namespaces;

    @JsonPropertyDescription("IAM role ARN (the job definition's jobRoleArn) for these namespaces' scenes; allow it to "
            + "write only their output prefixes.")
    @Required
    @Pattern(Patterns.IAM_ROLE_ARN)
    private String jobRole;

    public List<String> getNamespaces() {
        return namespaces;
    }

    public void setNamespaces(List<String> namespaces) {
        this.namespaces = namespaces;
    }

    public String getJobRole() {
        return jobRole;
    }

    public void setJobRole(String jobRole) {
        this.jobRole = jobRole;
    }
}
