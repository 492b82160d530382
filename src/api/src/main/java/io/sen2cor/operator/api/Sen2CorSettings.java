package io.sen2cor.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

@ValidationRule(value = "!has(self.dem) || !has(self.dem.copernicus) || self.version == '2.12'",
        message = "dem.copernicus needs sen2cor.version 2.12: earlier Sen2Cor cannot fetch the Copernicus DEM")
public class Sen2CorSettings {

    @JsonPropertyDescription("Sen2Cor release the runner image provides (2.8 to 2.12; default 2.12, whose 2.12.03 is "
            + "current). It decides which ESACCI aux data the runner expects: 2.8 and 2.9 the weekly snow maps, 2.10 and "
            + "later the monthly ones. Processing baseline 04.00 and later (every product since 2022-01-25, the 05.xx "
            + "reprocessing included) carries a radiometric offset that only 2.10 and later handle.")
    @Pattern("^2\\.(8|9|10|11|12)$")
    @Default("2.12")
    private String version = "2.12";

    @JsonPropertyDescription("Output resolution in metres: 10, 20 or 60. 10 also computes 20.")
    @Default("10")
    @ValidationRule(value = "self in [10, 20, 60]", message = "resolution must be 10, 20 or 60")
    private Integer resolution = 10;

    @JsonPropertyDescription("Processing baseline written into the L2A product (--processing_baseline), e.g. 99.99. "
            + "Unset: Sen2Cor's default.")
    @Pattern("^[0-9]{2}\\.[0-9]{2}$")
    private String processingBaseline;

    @JsonPropertyDescription("L2A_GIPP.xml to use. Unset: one rendered from these settings.")
    private ConfigMapKeyRef gipp;

    @JsonPropertyDescription("Digital elevation model. A DEM that cannot be read fails the scene instead of silently "
            + "using a flat surface.")
    private DemSpec dem = new DemSpec();

    @JsonPropertyDescription("Directory (on the aux data volume) with the ESACCI land-cover and water-body maps and the "
            + "snow-climatology folder. The runner checks they are there. Its first path segment is where the aux data "
            + "volume is mounted, so it cannot be /, /tmp, /work, /etc, /proc, /sys or /dev (the pod's own mounts).")
    @Pattern("^/[^\\s]*$")
    @ValidationRule(value = "!self.matches('^/(tmp|work|etc|proc|sys|dev)?(/.*)?$')",
            message = "auxDataPath must not be / or under /tmp, /work, /etc, /proc, /sys or /dev: the runner's pod mounts "
                    + "its own volumes there")
    @Default("/aux/aux_data")
    private String auxDataPath = "/aux/aux_data";

    public String getVersion() {
        return version;
    }

    public void setVersion(String version) {
        this.version = version;
    }

    public Integer getResolution() {
        return resolution;
    }

    public void setResolution(Integer resolution) {
        this.resolution = resolution;
    }

    public String getProcessingBaseline() {
        return processingBaseline;
    }

    public void setProcessingBaseline(String processingBaseline) {
        this.processingBaseline = processingBaseline;
    }

    public ConfigMapKeyRef getGipp() {
        return gipp;
    }

    public void setGipp(ConfigMapKeyRef gipp) {
        this.gipp = gipp;
    }

    public DemSpec getDem() {
        return dem;
    }

    public void setDem(DemSpec dem) {
        this.dem = dem;
    }

    public String getAuxDataPath() {
        return auxDataPath;
    }

    public void setAuxDataPath(String auxDataPath) {
        this.auxDataPath = auxDataPath;
    }
}
