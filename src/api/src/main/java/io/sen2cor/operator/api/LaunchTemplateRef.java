package io.sen2cor.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

@ValidationRule(value = "has(self.name) != has(self.id)", message = "set exactly one of launchTemplate.name or launchTemplate.id")
public class LaunchTemplateRef {

    @JsonPropertyDescription("Launch template name. Exactly one of name or id.")
    @Pattern("^[a-zA-Z0-9().\\/_-]{3,128}$")
    private String name;

    @JsonPropertyDescription("Launch template id (lt-...). Exactly one of name or id.")
    @Pattern("^lt-[0-9a-f]{8,17}$")
    private String id;

    @JsonPropertyDescription("Version number, $Latest or $Default. Symbolic versions are resolved to a number and "
            + "recorded in status.computeEnvironments[].launchTemplateVersion.")
    @Pattern("^(\\$Latest|\\$Default|[1-9][0-9]{0,9})$")
    @Default("$Default")
    private String version = "$Default";

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getVersion() {
        return version;
    }

    public void setVersion(String version) {
        this.version = version;
    }
}
