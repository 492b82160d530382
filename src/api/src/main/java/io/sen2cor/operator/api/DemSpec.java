package io.sen2cor.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

public class DemSpec {

    @JsonPropertyDescription("DEM directory (Sen2Cor DEM_Directory), on the aux data volume.")
    @Pattern("^/[^\\s]*$")
    @Default("/aux/dem")
    private String directory = "/aux/dem";

    @JsonPropertyDescription("DEM source (Sen2Cor DEM_Reference), e.g. a CGIAR SRTM or Copernicus DEM URL. Unset: "
            + "only the staged tiles in directory are used.")
    @Size(max = 1024)
    @Pattern("^[^\\s]+$")
    private String reference;

    public String getDirectory() {
        return directory;
    }

    public void setDirectory(String directory) {
        this.directory = directory;
    }

    public String getReference() {
        return reference;
    }

    public void setReference(String reference) {
        this.reference = reference;
    }
}
