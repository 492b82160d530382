package io.sen2cor.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

public class ConfigMapKeyRef {

    @JsonPropertyDescription("ConfigMap in the Sen2CorJob's namespace.")
    @Required
    @Pattern(Patterns.DNS_SUBDOMAIN)
    @Size(max = 253)
    private String name;

    @JsonPropertyDescription("Key holding the file.")
    @Pattern("^[-._a-zA-Z0-9]+$")
    @Size(max = 253)
    @Default("L2A_GIPP.xml")
    private String key = "L2A_GIPP.xml";

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getKey() {
        return key;
    }

    public void setKey(String key) {
        this.key = key;
    }
}
