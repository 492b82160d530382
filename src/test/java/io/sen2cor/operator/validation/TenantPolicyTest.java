package io.sen2cor.operator.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.sen2cor.operator.api.BatchEnvironment;
import io.sen2cor.operator.api.KubernetesBackendSpec;
import io.sen2cor.operator.api.NamespaceJobRole;
import io.sen2cor.operator.api.SceneSelector;
import io.sen2cor.operator.api.Sen2CorJob;
import io.sen2cor.operator.aws.JobDefinitions;
import io.sen2cor.operator.status.ConditionReason;
import io.sen2cor.operator.testing.LocalOperator;

/** The tenant policy's rules, one tenant's manifest each (docs/security.md); no server. */
class TenantPolicyTest {

    static final TenantPolicy.Settings SETTINGS = new TenantPolicy.Settings("registry.example.com/eo/sen2cor-runner:2.12",
            List.of("https://earth-search.aws.element84.com/v1", "http://127.0.0.1:8081"));
    final Map<String, Map<String, String>> secrets = new HashMap<>();
    final Function<String, Optional<Map<String, String>>> secretLabels = name -> Optional.ofNullable(secrets.get(name));
    BatchEnvironment env;
    Sen2CorJob job;

    @BeforeEach
    void setUp() {
        env = LocalOperator.example("batchenvironment-spot.yaml", BatchEnvironment.class);
        job = LocalOperator.example("sen2corjob-kenya.yaml", Sen2CorJob.class);
        job.getMetadata().setNamespace("team-a");
        job.getMetadata().setUid(UUID.randomUUID().toString());
    }

    Verdict check() {
        return TenantPolicy.check(job, env, SETTINGS, secretLabels);
    }

    @Test
    void theExamplesAreAccepted() {
        assertThat(check().accepted()).isTrue();
    }

    @Test
    void outputPrefixMatchesWholePathSegments() {
        assertThat(TenantPolicy.isUnder("s3://eo-l2a/kenya/", "s3://eo-l2a/")).isTrue();
        assertThat(TenantPolicy.isUnder("s3://eo-l2a", "s3://eo-l2a/")).isTrue();
        assertThat(TenantPolicy.isUnder("s3://eo-l2a/kenya", "s3://eo-l2a/kenya")).isTrue();
        assertThat(TenantPolicy.isUnder("s3://eo-l2a-other/x/", "s3://eo-l2a")).isFalse();
        assertThat(TenantPolicy.isUnder("s3://eo-l2a/kenya-2/", "s3://eo-l2a/kenya")).isFalse();
        assertThat(TenantPolicy.isUnder("s3://eo-l2a/kenya/../other/", "s3://eo-l2a/kenya/")).isFalse();
    }

    @Test
    void imagesComeFromTheEnvironmentsListOrAreTheOperatorsRunner() {
        job.getSpec().setImage("registry.example.com/eo/sen2cor-runner:2.11");
        assertThat(check().accepted()).as("the operator's runner repository at another tag").isTrue();
        job.getSpec().setImage("registry.example.com/eo/sen2cor-runner@sha256:" + "a".repeat(64));
        assertThat(check().accepted()).as("by digest").isTrue();
        job.getSpec().setImage("attacker.example/miner:latest");
        Verdict refused = check();
        assertThat(refused.reason()).isEqualTo(ConditionReason.ImageNotAllowed);
        assertThat(refused.message()).contains("attacker.example/miner:latest", "leave spec.image unset");
        job.getSpec().setImage("registry.example.com/eo/sen2cor-runner-evil:1");
        assertThat(check().reason()).as("a repository that only starts like the allowed one").isEqualTo(ConditionReason.ImageNotAllowed);

        env.getSpec().setAllowedImages(List.of("registry.example.com:5000/eo/*"));
        job.getSpec().setImage("registry.example.com:5000/eo/team-a/runner:1");
        assertThat(check().accepted()).as("below an allowed path, with a registry port").isTrue();
        job.getSpec().setImage("registry.example.com:5000/eo-other/runner:1");
        assertThat(check().reason()).isEqualTo(ConditionReason.ImageNotAllowed);
        job.getSpec().setImage("registry.example.com/eo/sen2cor-runner:2.12");
        assertThat(check().reason()).as("the list replaces the default").isEqualTo(ConditionReason.ImageNotAllowed);
    }

    @Test
    void outputsMustBeListedPerNamespaceAndWithoutDotSegments() {
        env.getSpec().setAllowedOutputs(null);
        Verdict none = check();
        assertThat(none.reason()).isEqualTo(ConditionReason.OutputNotAllowed);
        assertThat(none.message()).contains("allows no output", "allowedOutputs");

        env.getSpec().setAllowedOutputs(List.of("s3://eo-l2a/{namespace}/"));
        job.getSpec().getOutput().setUri("s3://eo-l2a/team-a/kenya/");
        assertThat(check().accepted()).isTrue();
        job.getSpec().getOutput().setUri("s3://eo-l2a/team-b/kenya/");
        assertThat(check().message()).contains("not under any of", "[s3://eo-l2a/team-a/]");
        job.getSpec().getOutput().setUri("s3://eo-l2a/team-a/../team-b/");
        assertThat(check().message()).contains("'.' or '..' path segment");
    }

    @Test
    void endpointsTheRunnerSignsForMustBeListed() {
        job.getSpec().getSource().setEndpoint("https://collector.attacker.example");
        Verdict refused = check();
        assertThat(refused.reason()).isEqualTo(ConditionReason.EndpointNotAllowed);
        assertThat(refused.message()).contains("allowedEndpoints []");
        env.getSpec().setAllowedEndpoints(List.of("https://eodata.dataspace.copernicus.eu"));
        job.getSpec().getSource().setEndpoint("https://EODATA.dataspace.copernicus.eu/");
        assertThat(check().accepted()).as("scheme and host compared in lower case, a trailing slash ignored").isTrue();
        job.getSpec().getOutput().setEndpoint("https://eodata.dataspace.copernicus.eu:8443");
        assertThat(check().reason()).as("output endpoints too, ports count").isEqualTo(ConditionReason.EndpointNotAllowed);
    }

    @Test
    void cataloguesAreTheOperatorsAndNarrowedByTheEnvironment() {
        SceneSelector scenes = new SceneSelector();
        job.getSpec().setProducts(null);
        job.getSpec().setScenes(scenes);
        assertThat(check().accepted()).as("Earth Search, the default").isTrue();
        scenes.setCatalog("https://earth-search.aws.element84.com/v10");
        assertThat(check().reason()).as("path on segment boundaries").isEqualTo(ConditionReason.CatalogueNotAllowed);
        scenes.setCatalog("http://169.254.169.254/latest/meta-data");
        Verdict refused = check();
        assertThat(refused.reason()).isEqualTo(ConditionReason.CatalogueNotAllowed);
        assertThat(refused.message()).contains("not one of the catalogues this operator searches").doesNotContain("127.0.0.1");
        scenes.setCatalog("http://127.0.0.1:8081/");
        assertThat(check().accepted()).isTrue();
        env.getSpec().setAllowedCatalogs(List.of("https://earth-search.aws.element84.com/v1"));
        assertThat(check().message()).as("narrowed by the environment").contains("allowedCatalogs");
        assertThat(TenantPolicy.display("https://user:secret@host.example/v1?token=abc#x")).isEqualTo("https://host.example/v1");
    }

    @Test
    void credentialsSecretsMustBeMarkedForJobsAndExistOnlyOnKubernetes() {
        job.getSpec().getOutput().setCredentialsSecretRef("db-password");
        Verdict onBatch = check();
        assertThat(onBatch.reason()).isEqualTo(ConditionReason.CredentialsNotAllowed);
        assertThat(onBatch.message()).contains("job role");

        env.getSpec().setAwsBatch(null);
        env.getSpec().setKubernetes(new KubernetesBackendSpec());
        secrets.put("db-password", Map.of("app", "db"));
        Verdict unmarked = check();
        assertThat(unmarked.reason()).isEqualTo(ConditionReason.CredentialsNotAllowed);
        job.getSpec().getOutput().setCredentialsSecretRef("does-not-exist");
        assertThat(check().message()).as("the same words whether it exists or not")
                .isEqualTo(unmarked.message().replace("db-password", "does-not-exist"));
        secrets.put("s3-writer", Map.of(TenantPolicy.CREDENTIALS_LABEL, "true"));
        job.getSpec().getOutput().setCredentialsSecretRef("s3-writer");
        assertThat(check().accepted()).isTrue();
    }

    @Test
    void eachNamespaceRunsWithItsOwnJobRole() {
        var aws = env.getSpec().getAwsBatch();
        NamespaceJobRole a = new NamespaceJobRole();
        a.setNamespaces(List.of("team-a"));
        a.setJobRole("arn:aws:iam::123456789012:role/sen2cor-team-a");
        aws.setNamespaceJobRoles(List.of(a));
        aws.setJobRole(null);
        assertThat(check().accepted()).isTrue();
        assertThat(JobDefinitions.content(job, env, "runner:1").jobRole()).isEqualTo("arn:aws:iam::123456789012:role/sen2cor-team-a");

        job.getMetadata().setNamespace("team-b");
        Verdict refused = check();
        assertThat(refused.reason()).isEqualTo(ConditionReason.NoJobRole);
        assertThat(refused.message()).contains("namespace team-b");
        aws.setJobRole("arn:aws:iam::123456789012:role/sen2cor-shared");
        assertThat(check().accepted()).as("the environment's jobRole for namespaces no entry lists").isTrue();
        assertThat(JobDefinitions.content(job, env, "runner:1").jobRole()).isEqualTo("arn:aws:iam::123456789012:role/sen2cor-shared");
        assertThat(JobDefinitions.content(job, env, "runner:1").name()).as("one definition per role")
                .isNotEqualTo(JobDefinitions.content(withNamespace("team-a"), env, "runner:1").name());
    }

    Sen2CorJob withNamespace(String ns) {
        Sen2CorJob other = LocalOperator.example("sen2corjob-kenya.yaml", Sen2CorJob.class);
        other.getMetadata().setNamespace(ns);
        return other;
    }
}
