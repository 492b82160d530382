package io.sen2cor.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

@ValidationRule(value = "!has(self.accessPointId) || !has(self.rootDirectory) || self.rootDirectory == '/'",
        message = "with accessPointId, rootDirectory must be / (the access point sets the directory)")
public class EfsVolumeSpec {

    @JsonPropertyDescription("EFS file system id (fs-...).")
    @Required
    @Pattern("^fs-[0-9a-f]{8,40}$")
    private String fileSystemId;

    @JsonPropertyDescription("Directory inside the file system that holds aux_data/ and dem/. Must stay / when "
            + "accessPointId is set: the access point's own root directory applies.")
    @Pattern("^/[^\\s]*$")
    @Default("/")
    private String rootDirectory = "/";

    @JsonPropertyDescription("EFS access point id (fsap-...), optional. Mounted with EFS IAM authorization, so the "
            + "environment needs jobRole, allowed to mount the file system.")
    @Pattern("^fsap-[0-9a-f]{8,40}$")
    private String accessPointId;

    public String getFileSystemId() {
        return fileSystemId;
    }

    public void setFileSystemId(String fileSystemId) {
        this.fileSystemId = fileSystemId;
    }

    public String getRootDirectory() {
        return rootDirectory;
    }

    public void setRootDirectory(String rootDirectory) {
        this.rootDirectory = rootDirectory;
    }

    public String getAccessPointId() {
        return accessPointId;
    }

    public void setAccessPointId(String accessPointId) {
        this.accessPointId = accessPointId;
    }
}
