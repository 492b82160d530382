package io.sen2cor.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

@ValidationRule(value = "!(has(self.copernicus) && has(self.reference))",
        message = "dem.copernicus and dem.reference exclude each other: copernicus sets the reference itself")
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

    @JsonPropertyDescription("Fetch Copernicus DEM tiles (30m or 90m) from their public AWS buckets while the scene runs, "
            + "as Sen2Cor 2.12 can: into the scene's work volume, with directory left unused. Needs sen2cor.version 2.12 and "
            + "egress to those buckets; excludes reference.")
    @Pattern("^(30m|90m)$")
    private String copernicus;

    public String getCopernicus() {
        return copernicus;
    }

    public void setCopernicus(String copernicus) {
        this.copernicus = copernicus;
    }

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
