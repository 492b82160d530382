package io.sen2cor.operator.runner;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/**
 * What Sen2Cor's Auxiliary_Data_Info says None for, and when that is a failure: without a DEM (DEM_Directory NONE, the
 * installer's default and every example's) Sen2Cor writes PRODUCTION_DEM_TYPE None by design (its L2A_UpdateMetadata),
 * so that is no missing data; a map it could not read is.
 */
class AuxiliaryDataInfoTest {

    static Document metadata(String demType, String waterBodies) throws Exception {
        String xml = "<n1:Level-2A_User_Product xmlns:n1=\"x\"><Auxiliary_Data_Info><PRODUCTION_DEM_TYPE>" + demType
                + "</PRODUCTION_DEM_TYPE><ESACCI_WaterBodies_Map>" + waterBodies + "</ESACCI_WaterBodies_Map>"
                + "</Auxiliary_Data_Info></n1:Level-2A_User_Product>";
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void noDemAskedMeansDemTypeNoneIsFine() throws Exception {
        assertThatCode(() -> Sen2CorProcess.checkAuxiliaryDataInfo(metadata("None", "ESACCI-LC-L4-WB-Map-150m-P13Y-2000-v4.0.tif"),
                "NONE")).doesNotThrowAnyException();
    }

    @Test
    void aDemAskedForAndNotUsedOrAMissingMapFailsTheScene() throws Exception {
        assertThatThrownBy(() -> Sen2CorProcess.checkAuxiliaryDataInfo(metadata("None", "x.tif"), "dem/CopernicusDEM30"))
                .hasMessageContaining("PRODUCTION_DEM_TYPE");
        assertThatThrownBy(() -> Sen2CorProcess.checkAuxiliaryDataInfo(metadata("None", "None"), "NONE"))
                .hasMessageContaining("ESACCI_WaterBodies_Map").hasMessageNotContaining("PRODUCTION_DEM_TYPE");
    }
}
