package io.sen2cor.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.sen2cor.operator.testing.CrdSchema;
import io.sen2cor.operator.testing.Projects;

/**
 * Bad input rejected at admission: each row breaks one rule of a valid example and must be refused by
 * the committed CRD's schema or CEL rules, with a message naming the problem. Rows that need other
 * objects to judge (missing environment, namespace not allowed, ...) are in ReconcilerMockServerTest,
 * where they end as conditions.
 */
class BadInputSchemaTest {

    static final CrdSchema ENV = CrdSchema.forPlural("batchenvironments");
    static final CrdSchema JOB = CrdSchema.forPlural("sen2corjobs");

    static JsonNode environment() {
        return CrdSchema.readYaml(Projects.dir().resolve("examples/batchenvironment-spot.yaml"));
    }

    static JsonNode job() {
        return CrdSchema.readYaml(Projects.dir().resolve("examples/sen2corjob-kenya.yaml"));
    }

    static ObjectNode spot(JsonNode env) {
        return (ObjectNode) env.at("/spec/awsBatch/computeEnvironments/0");
    }

    static ArrayNode products(JsonNode job) {
        return (ArrayNode) job.at("/spec/products");
    }

    /** A valid spec.scenes (added to the job): tile 36NXF's area in January 2019. */
    static ObjectNode scenes(JsonNode job) {
        ObjectNode scenes = ((ObjectNode) job.get("spec")).putObject("scenes");
        scenes.putArray("bbox").add(36.0).add(0.0).add(37.0).add(1.0);
        scenes.put("datetime", "2019-01-01T00:00:00Z/2019-01-31T23:59:59Z");
        return scenes;
    }

    static Arguments env(String name, String expected, Consumer<JsonNode> breakIt) {
        return Arguments.of(name, ENV, environment(), breakIt, expected);
    }

    static Arguments job(String name, String expected, Consumer<JsonNode> breakIt) {
        return Arguments.of(name, JOB, job(), breakIt, expected);
    }

    static Stream<Arguments> badInput() {
        return Stream.of(
                job("lower-case product id", "does not match the regex pattern",
                        j -> products(j).set(0, "s2a_msil1c_20190122T075221_N0207_R135_T36NXF_20190122T091707")),
                job("product id with path characters", "does not match the regex pattern",
                        j -> products(j).set(0, "S2A_MSIL1C_20190122T075221_N0207_R135_T36NXF/../etc/passwd")),
                job("relative orbit R000", "does not match the regex pattern",
                        j -> products(j).set(0, "S2A_MSIL1C_20190122T075221_N0207_R000_T36NXF_20190122T091707")),
                job("L2A id instead of L1C", "does not match the regex pattern",
                        j -> products(j).set(0, "S2A_MSIL2A_20190122T075221_N0207_R135_T36NXF_20190122T091707")),
                job("empty product list", "must have at least 1 items", j -> products(j).removeAll()),
                job("more Spot interruptions before On-Demand than attempts", "must not exceed retry.attempts",
                        j -> ((ObjectNode) j.at("/spec/retry")).put("onDemandAfterSpotInterruptions", 4)),
                job("products and scenes together", "either as products", j -> scenes(j)),
                job("neither products nor scenes", "either as products", j -> {
                    ((ObjectNode) j.get("spec")).remove("products");
                }),
                job("a selector without an area", "scenes needs an area", j -> {
                    ((ObjectNode) j.get("spec")).remove("products");
                    scenes(j).remove("bbox");
                }),
                job("a selector with bbox and intersects", "exclude each other", j -> {
                    ((ObjectNode) j.get("spec")).remove("products");
                    scenes(j).putObject("intersects").put("type", "Point").putArray("coordinates").add(36.5).add(0.5);
                }),
                job("a time interval open at both ends", "does not match the regex pattern", j -> {
                    ((ObjectNode) j.get("spec")).remove("products");
                    scenes(j).put("datetime", "../..");
                }),
                job("a bbox with south above north", "bbox is [west, south, east, north]", j -> {
                    ((ObjectNode) j.get("spec")).remove("products");
                    ArrayNode bbox = scenes(j).putArray("bbox");
                    bbox.add(36.0).add(1.0).add(37.0).add(0.0);
                }),
                job("a long pre-2017 product name", "not served in compact form by sentinel-s2-l1c", j -> products(j).set(0,
                        "S2A_OPER_PRD_MSIL1C_PDMC_20160606T232310_R121_V20160526T084351_20160526T084351")),
                job("missing environmentRef", "required property 'environmentRef' not found",
                        j -> ((ObjectNode) j.get("spec")).remove("environmentRef")),
                job("output not s3://", "does not match the regex pattern",
                        j -> ((ObjectNode) j.at("/spec/output")).put("uri", "http://eo-l2a/kenya/")),
                job("resolution 30 m", "resolution must be 10, 20 or 60",
                        j -> ((ObjectNode) j.at("/spec/sen2cor")).put("resolution", 30)),
                job("unknown source type", "does not have a value in the enumeration",
                        j -> ((ObjectNode) j.at("/spec/source")).put("type", "ftp")),
                job("s3Safe without bucket", "s3Safe and s3Zip sources need bucket",
                        j -> ((ObjectNode) j.at("/spec/source")).put("type", "s3Safe")),
                job("11 retry attempts", "must have a maximum value of 10",
                        j -> ((ObjectNode) j.at("/spec/retry")).put("attempts", 11)),
                job("timeout not a duration", "does not match the regex pattern",
                        j -> ((ObjectNode) j.get("spec")).put("timeout", "forever")),
                job("timeout under AWS Batch's 60 s minimum", "timeout must be at least 60s",
                        j -> ((ObjectNode) j.get("spec")).put("timeout", "30s")),
                job("timeout of zero", "timeout must be at least 60s",
                        j -> ((ObjectNode) j.get("spec")).put("timeout", "0s")),
                job("Copernicus DEM with Sen2Cor 2.11", "dem.copernicus needs sen2cor.version 2.12", j -> {
                    ((ObjectNode) j.at("/spec/sen2cor")).put("version", "2.11").putObject("dem").put("copernicus", "30m");
                }),
                job("Copernicus DEM and a DEM reference", "dem.copernicus and dem.reference exclude each other",
                        j -> ((ObjectNode) j.at("/spec/sen2cor")).putObject("dem").put("copernicus", "30m").put("reference", "https://x/")),
                job("memory as a plain number", "does not match the regex pattern",
                        j -> ((ObjectNode) j.at("/spec/resources")).put("memory", "16000000000")),
                job("unknown field in spec", "is not defined in the schema",
                        j -> ((ObjectNode) j.get("spec")).put("prodcuts", "typo")),
                job("vcpus as a string", "string found, integer expected",
                        j -> ((ObjectNode) j.at("/spec/resources")).put("vcpus", "four")),
                job("10,001 products (more than one Sen2CorJob may hold)", "must have at most 10,000 items", j -> {
                    products(j).removeAll();
                    for (int i = 0; i < 10_001; i++) {
                        products(j).add(String.format("S2A_MSIL1C_20190122T%06d_N0207_R135_T36N%s_20190122T091707",
                                75221 + i % 1000, "" + (char) ('A' + i / 1000 % 8) + (char) ('A' + i / 8000)));
                    }
                }),
                job("64 KiB output URI", "must be at most 1,024 characters long",
                        j -> ((ObjectNode) j.at("/spec/output")).put("uri", "s3://eo-l2a/" + "a".repeat(65_536))),
                job("300-character environmentRef", "must be at most 253 characters long",
                        j -> ((ObjectNode) j.get("spec")).put("environmentRef", "e".repeat(300))),
                job("products as one string instead of a list", "string found, array expected",
                        j -> ((ObjectNode) j.get("spec")).put("products", "S2A_MSIL1C_20190122T075221_N0207_R135_T36NXF_20190122T091707")),
                job("retry attempts as a boolean", "boolean found, integer expected",
                        j -> ((ObjectNode) j.at("/spec/retry")).put("attempts", true)),
                job("aux data path under a mount the pod already has", "auxDataPath must not be / or under /tmp",
                        j -> ((ObjectNode) j.at("/spec/sen2cor")).put("auxDataPath", "/tmp/aux_data")),
                env("Spot fleet role with a strategy that ignores it", "spotFleetRole is used only with allocationStrategy BEST_FIT",
                        e -> spot(e).put("spotFleetRole", "arn:aws:iam::123456789012:role/fleet")),
                env("compute environment name ending in a hyphen (AWS refuses it)", "does not match the regex pattern",
                        e -> spot(e).put("name", "spot-")),
                env("negative maxVcpus", "must have a minimum value of 1", e -> spot(e).put("maxVcpus", -4)),
                env("a log group name CloudWatch refuses (a space)", "does not match the regex pattern",
                        e -> ((ObjectNode) e.at("/spec/awsBatch")).put("logGroup", "/sen2cor/my logs")),
                env("negative minVcpus", "must have a minimum value of 0", e -> spot(e).put("minVcpus", -1)),
                env("Spot price over 100%", "must have a maximum value of 100", e -> spot(e).put("maxSpotPricePercent", 150)),
                env("price on ON_DEMAND", "maxSpotPricePercent applies only to SPOT",
                        e -> ((ObjectNode) e.at("/spec/awsBatch/computeEnvironments/1")).put("maxSpotPricePercent", 50)),
                env("4 compute environments", "must have at most 3 items", e -> {
                    ArrayNode ces = (ArrayNode) e.at("/spec/awsBatch/computeEnvironments");
                    for (int i = 3; i <= 4; i++) {
                        ces.add(((ObjectNode) ces.get(1).deepCopy()).put("name", "extra-" + i));
                    }
                }),
                env("duplicate compute environment names", "compute environment names must be unique",
                        e -> ((ObjectNode) e.at("/spec/awsBatch/computeEnvironments/1")).put("name", "spot")),
                env("both backends", "exactly one of awsBatch or kubernetes must be set",
                        e -> ((ObjectNode) e.get("spec")).putObject("kubernetes").put("maxParallelism", 5)),
                env("no backend", "exactly one of awsBatch or kubernetes must be set",
                        e -> ((ObjectNode) e.get("spec")).remove("awsBatch")),
                env("Kueue queue name longer than a label value", "must be at most 63 characters long", e -> {
                    ((ObjectNode) e.get("spec")).remove("awsBatch");
                    ((ObjectNode) e.get("spec")).putObject("kubernetes").put("kueueQueueName", "q".repeat(64));
                }),
                env("minVcpus above maxVcpus", "minVcpus must be <= maxVcpus", e -> spot(e).put("minVcpus", 512)),
                env("desiredVcpus above maxVcpus", "desiredVcpus must be between minVcpus and maxVcpus",
                        e -> spot(e).put("desiredVcpus", 1000)),
                env("Fargate provisioning", "does not have a value in the enumeration", e -> spot(e).put("provisioning", "FARGATE")),
                env("BEST_FIT Spot without fleet role", "SPOT with allocationStrategy BEST_FIT needs spotFleetRole",
                        e -> spot(e).put("allocationStrategy", "BEST_FIT")),
                env("launch template by name and id", "set exactly one of launchTemplate.name or launchTemplate.id",
                        e -> spot(e).putObject("launchTemplate").put("name", "sen2cor-lt").put("id", "lt-0123456789abcdef0")),
                env("reserved tag key", "tag keys starting with sen2cor.io/ or aws: are reserved",
                        e -> ((ObjectNode) spot(e).get("tags")).put("sen2cor.io/owner", "me")),
                env("tag key longer than AWS's 128 characters", "tag keys must be 1-128 characters",
                        e -> ((ObjectNode) spot(e).get("tags")).put("k".repeat(129), "v")),
                env("tag key with a character AWS refuses", "tag keys must be 1-128 characters",
                        e -> ((ObjectNode) spot(e).get("tags")).put("cost#center", "v")),
                env("arm64 and x86_64 compute environments in one queue", "must share one architecture",
                        e -> spot(e).putArray("instanceTypes").add("m6g.xlarge").add("c7gn")),
                env("EFS access point with a root directory", "with accessPointId, rootDirectory must be /",
                        e -> ((ObjectNode) e.at("/spec/awsBatch")).putObject("auxDataVolume")
                                .put("fileSystemId", "fs-0123456789abcdef0").put("accessPointId", "fsap-0123456789abcdef0")
                                .put("rootDirectory", "/sen2cor")),
                env("EFS access point without a job role", "auxDataVolume.accessPointId mounts with EFS IAM authorization",
                        e -> {
                            ((ObjectNode) e.at("/spec/awsBatch")).remove("jobRole");
                            ((ObjectNode) e.at("/spec/awsBatch")).putObject("auxDataVolume")
                                    .put("fileSystemId", "fs-0123456789abcdef0").put("accessPointId", "fsap-0123456789abcdef0");
                        }),
                env("malformed AMI id", "does not match the regex pattern", e -> spot(e).put("imageId", "my-ami")),
                env("subnet is not a subnet id", "does not match the regex pattern",
                        e -> ((ArrayNode) spot(e).get("subnets")).set(0, "sg-0123456789abcdef0")),
                env("region typo", "does not match the regex pattern",
                        e -> ((ObjectNode) e.at("/spec/awsBatch")).put("region", "eu-central")),
                // tenancy (docs/security.md): what the schema can refuse before the operator's policy looks
                job("output with a .. segment", "'.' and '..' path segments are not allowed",
                        j -> ((ObjectNode) j.at("/spec/output")).put("uri", "s3://eo-l2a/kenya/../other-tenant/")),
                job("output with a . segment", "'.' and '..' path segments are not allowed",
                        j -> ((ObjectNode) j.at("/spec/output")).put("uri", "s3://eo-l2a/./kenya/")),
                job("source prefix climbing out", "'.' and '..' path segments are not allowed",
                        j -> ((ObjectNode) j.get("spec")).putObject("source").put("type", "s3Safe").put("bucket", "eodata")
                                .put("prefix", "../secrets/")),
                job("source endpoint with a path", "does not match the regex pattern",
                        j -> ((ObjectNode) j.get("spec")).putObject("source").put("type", "s3Safe").put("bucket", "eodata")
                                .put("endpoint", "https://evil.example/collect?x=")),
                job("catalogue URL with credentials", "does not match the regex pattern", j -> {
                    ((ObjectNode) j.get("spec")).remove("products");
                    scenes(j).put("catalog", "https://user:secret@earth-search.aws.element84.com/v1");
                }),
                job("catalogue URL with a query", "does not match the regex pattern", j -> {
                    ((ObjectNode) j.get("spec")).remove("products");
                    scenes(j).put("catalog", "https://earth-search.aws.element84.com/v1?token=secret");
                }),
                env("allowed output with a .. segment", "'.' and '..' path segments are not allowed",
                        e -> ((ArrayNode) e.at("/spec/allowedOutputs")).add("s3://eo-l2a/a/../")),
                env("allowed image with a tag", "does not match the regex pattern",
                        e -> ((ObjectNode) e.get("spec")).putArray("allowedImages").add("registry.example.com/eo/runner:2.12")),
                env("allowed endpoint with a path", "does not match the regex pattern",
                        e -> ((ObjectNode) e.get("spec")).putArray("allowedEndpoints").add("https://eodata.example/bucket")),
                env("a stuck-job timeout under AWS's 10 minutes", "between 10m and 24h",
                        e -> ((ObjectNode) e.at("/spec/awsBatch/jobQueue")).putObject("stuckJobTimeouts").put("capacity", "5m")),
                env("a stuck-job timeout over AWS's 24 hours", "between 10m and 24h",
                        e -> ((ObjectNode) e.at("/spec/awsBatch/jobQueue")).putObject("stuckJobTimeouts").put("misconfiguration", "25h")),
                env("a job role that is not a role ARN", "does not match the regex pattern",
                        e -> ((ObjectNode) e.at("/spec/awsBatch")).putArray("namespaceJobRoles").addObject()
                                .put("jobRole", "arn:aws:iam::123456789012:user/admin").putArray("namespaces").add("team-a")));
    }

    @Test
    void whatAJobRunsAsReadsAndWritesCannotChangeAfterCreation() {
        JsonNode old = job();
        JsonNode output = job();
        ((ObjectNode) output.at("/spec/output")).put("uri", "s3://other-tenant/loot/");
        assertThat(JOB.validate(output, old)).anySatisfy(e -> assertThat(e).contains("output cannot change"));
        JsonNode image = job();
        ((ObjectNode) image.get("spec")).put("image", "registry.example.com/evil/runner:1");
        assertThat(JOB.validate(image, old)).anySatisfy(e -> assertThat(e).contains("image cannot change"));
        JsonNode source = job();
        ((ObjectNode) source.get("spec")).putObject("source").put("type", "s3Safe").put("bucket", "attacker-bucket");
        assertThat(JOB.validate(source, old)).anySatisfy(e -> assertThat(e).contains("source cannot change"));
        JsonNode retry = job();
        ((ObjectNode) retry.get("spec")).put("retryGeneration", 1);
        assertThat(JOB.validate(retry, old)).as("a retry is still a valid update").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInput")
    void rejectedAtAdmission(String name, CrdSchema schema, JsonNode manifest, Consumer<JsonNode> breakIt,
            String expected) {
        assertThat(schema.validate(manifest)).as("the unmodified example is valid").isEmpty();
        breakIt.accept(manifest);
        assertThat(schema.validate(manifest)).as(name).anySatisfy(error -> assertThat(error).contains(expected));
    }

    @Test
    void oneArchitecturePerQueueAnAccessPointWithAJobRoleAndUnicodeTagsAreAccepted() {
        JsonNode allArm = environment();
        spot(allArm).putArray("instanceTypes").add("m6g.xlarge").add("c7gn").add("t4g.large");
        ((ObjectNode) allArm.at("/spec/awsBatch/computeEnvironments/1")).putArray("instanceTypes").add("default_arm64");
        ((ObjectNode) allArm.at("/spec/awsBatch")).put("jobRole", "arm:aws:iam::123456789012:role/job".replace("arm:", "arn:"))
                .putObject("auxDataVolume").put("fileSystemId", "fs-0123456789abcdef0").put("accessPointId", "fsap-0123456789abcdef0");
        ((ObjectNode) spot(allArm).get("tags")).put("Kostenstelle Süd", "Ø 1:2 = team@eo");
        assertThat(ENV.validate(allArm)).isEmpty();

        JsonNode x86 = environment();
        spot(x86).putArray("instanceTypes").add("g4dn.xlarge").add("inf1").add("m7i.large").add("default_x86_64");
        assertThat(ENV.validate(x86)).as("g4dn and inf1 are x86_64 despite their letters").isEmpty();

        JsonNode spotWithoutPrice = environment();
        spot(spotWithoutPrice).remove("maxSpotPricePercent");
        assertThat(ENV.validate(spotWithoutPrice)).as("AWS recommends leaving the Spot price empty").isEmpty();
    }

    @Test
    void productsCannotChangeAfterCreation() {
        JsonNode old = job();
        JsonNode changed = job();
        products(changed).add("S2B_MSIL1C_20190123T075221_N0207_R135_T36NXF_20190123T091707");
        assertThat(JOB.validate(changed, old)).anySatisfy(e -> assertThat(e)
                .isEqualTo("spec.products: products cannot change after submission; create a new Sen2CorJob"));
        assertThat(JOB.validate(job(), old)).as("an unchanged update is accepted").isEmpty();
    }

    @Test
    void fairShareCannotBeAddedToOrRemovedFromAnEnvironment() {
        JsonNode old = environment();
        JsonNode added = environment();
        ((ObjectNode) added.at("/spec/awsBatch")).putObject("fairShare").putArray("shares").addObject()
                .put("namespace", "team-a").put("weightFactor", 0.5);
        assertThat(ENV.validate(added)).as("on a new environment").isEmpty();
        assertThat(ENV.validate(added, old)).anySatisfy(e -> assertThat(e).contains("fairShare cannot be added to or removed"));
        assertThat(ENV.validate(old, added)).anySatisfy(e -> assertThat(e).contains("fairShare cannot be added to or removed"));
        JsonNode reweighted = environment();
        ((ObjectNode) reweighted.at("/spec/awsBatch")).putObject("fairShare").putArray("shares").addObject()
                .put("namespace", "team-a").put("weightFactor", 2.0);
        assertThat(ENV.validate(reweighted, added)).as("weights may change").isEmpty();
    }

    @Test
    void theRegionCannotChangeSinceEverythingInFlightIsThere() {
        JsonNode old = environment();
        JsonNode moved = environment();
        ((ObjectNode) moved.at("/spec/awsBatch")).put("region", "us-west-2");
        assertThat(ENV.validate(moved, old)).anySatisfy(e -> assertThat(e).contains("region cannot change"));
        assertThat(ENV.validate(environment(), old)).isEmpty();
    }

    @Test
    void backendCannotChangeAfterCreation() {
        JsonNode old = environment();
        ObjectNode changed = (ObjectNode) environment();
        ((ObjectNode) changed.get("spec")).remove("awsBatch");
        ((ObjectNode) changed.get("spec")).putObject("kubernetes");
        assertThat(ENV.validate(changed, old)).anySatisfy(e -> assertThat(e).contains("the backend cannot change"));
    }

    @Test
    void inlineSceneListIsCappedFarBelowTheEtcdLimit() {
        JsonNode manifest = job();
        ArrayNode list = products(manifest);
        String id = list.get(0).asText();
        for (int i = 1; i <= Sen2CorJobSpec.MAX_INLINE_PRODUCTS; i++) {
            list.add(id);
        }
        assertThat(JOB.validate(manifest)).anySatisfy(e -> assertThat(e).contains("must have at most 10,000 items"));
        // 10000 ids of 60 characters stay under ~650 KB, well below etcd's ~1.5 MiB object limit
        assertThat(Sen2CorJobSpec.MAX_INLINE_PRODUCTS * (id.length() + 4L)).isLessThan(1_000_000L);
    }
}
