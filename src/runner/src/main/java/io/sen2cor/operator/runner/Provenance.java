package io.sen2cor.operator.runner;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sen2cor.operator.contract.Sha256;

/**
 * Where a product came from and how it was made, for its result.json (docs/stac.md, "Provenance"): the Sen2Cor
 * version that ran, the GIPP it ran with (its hash, and where it was uploaded), the processing settings' fingerprint,
 * the DEM asked for and the one Sen2Cor says it used, the auxiliary data Sen2Cor lists in Auxiliary_Data_Info, the
 * L1C's objects as downloaded (key, ETag, size), and when and by what it was processed.
 */
final class Provenance {

    static final String FACILITY = "sen2cor-operator";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Provenance() {
    }

    static ObjectNode of(Sen2CorProcess.Result l2a, String gippUri, byte[] gipp, RunnerSettings settings,
            List<S3Transfers.Downloaded> inputs, String l1cOrigin, String settingsFingerprint) {
        ObjectNode p = JSON.createObjectNode();
        p.put("sen2corVersion", l2a.version().orElse(null));
        p.put("gipp", gippUri);
        p.put("gippSha256", Sha256.of(gipp));
        p.put("settings", settingsFingerprint);
        // the DEM asked for: Sen2Cor's own record of it (PRODUCTION_DEM_TYPE) echoes only the GIPP's DEM_Reference
        ObjectNode dem = p.putObject("dem");
        if (settings.demCopernicus().isPresent()) {
            dem.put("source", "Copernicus DEM " + settings.demCopernicus().get() + " (AWS open data)");
        } else if (settings.demDirectory().isPresent()) {
            dem.put("source", "local").put("directory", settings.demDirectory().get());
            settings.demReference().ifPresent(r -> dem.put("reference", r));
        } else {
            dem.put("source", "none");
        }
        ObjectNode aux = p.putObject("auxiliaryData");
        Sen2CorProcess.auxiliaryDataInfo(l2a.metadata()).forEach(aux::put);
        ObjectNode input = p.putObject("input");
        input.put("origin", l1cOrigin);
        input.put("objects", inputs.size());
        input.put("bytes", inputs.stream().mapToLong(S3Transfers.Downloaded::size).sum());
        ArrayNode objects = input.putArray("downloaded");
        for (S3Transfers.Downloaded d : inputs) {
            ObjectNode o = objects.addObject().put("key", d.key()).put("size", d.size());
            // an object kept from an earlier attempt was not downloaded again: its ETag is not known here
            o.put("etag", d.etag());
        }
        p.put("processedAt", Instant.now().toString());
        p.put("facility", FACILITY);
        return p;
    }

}
