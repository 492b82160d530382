package io.sen2cor.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

public class EfsVolumeSpec {

    @JsonPropertyDescription("EFS file system id (fs-...).")
    @Required
    @Pattern("^fs-[0-9a-f]{8,40}$")
    private String fileSystemId;

    @JsonPropertyDescription("Directory inside the file system that holds aux_data/ and dem/.")
    @Pattern("^/[^\\s]*$")
    @Default("/")
    private String rootDirectory = "/";

    @JsonPropertyDescription("EFS access point id (fsap-...), optional.")
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
