package io.sen2cor.operator.runner;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/**
 * What Sen2Cor's Auxiliary_Data_Info says None for, and when that is a failure. Its L2A_UpdateMetadata writes
 * PRODUCTION_DEM_TYPE None when DEM_Directory is NONE (the installer's default and every example's) and the GIPP's
 * DEM_Reference otherwise (empty for a local DEM without one), so that field says nothing about a DEM missing; an
 * ESACCI map it could not read is None and is missing.
 */
class AuxiliaryDataInfoTest {

    static Document metadata(String demType, String waterBodies) throws Exception {
        String xml = "<n1:Level-2A_User_Product xmlns:n1=\"x\"><n1:Auxiliary_Data_Info><LUT_List><LUT_FILENAME>None"
                + "</LUT_FILENAME></LUT_List><PRODUCTION_DEM_TYPE>" + demType + "</PRODUCTION_DEM_TYPE>"
                + "<SNOW_CLIMATOLOGY_MAP>GlobalSnowMap.tiff</SNOW_CLIMATOLOGY_MAP><ESACCI_WaterBodies_Map>" + waterBodies
                + "</ESACCI_WaterBodies_Map></n1:Auxiliary_Data_Info></n1:Level-2A_User_Product>";
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void whatSen2CorWritesForEachDemSettingIsNoMissingData() {
        for (String demType : new String[] {"None", "", "https://copernicus-dem-30m.s3.eu-central-1.amazonaws.com/", "NONE"}) {
            assertThatCode(() -> Sen2CorProcess.checkAuxiliaryDataInfo(metadata(demType, "ESACCI-LC-L4-WB-Map-150m-P13Y-2000-v4.0.tif")))
                    .as("PRODUCTION_DEM_TYPE " + demType).doesNotThrowAnyException();
        }
    }

    @Test
    void aMapSen2CorCouldNotReadFailsTheSceneNamingIt() {
        assertThatThrownBy(() -> Sen2CorProcess.checkAuxiliaryDataInfo(metadata("None", "None")))
                .hasMessageContaining("ESACCI_WaterBodies_Map").hasMessageNotContaining("PRODUCTION_DEM_TYPE")
                .as("a list (the ground segment's LUT_List) is not a map").hasMessageNotContaining("LUT");
    }
}
