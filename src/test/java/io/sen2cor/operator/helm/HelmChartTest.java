package io.sen2cor.operator.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.sen2cor.operator.testing.Projects;

/** helm/ linted and rendered with Helm itself (helm-java, the Helm library), for the defaults and each option. */
class HelmChartTest {

    static final Path CHART = Projects.dir().resolve("helm");
    static final KubernetesSerialization YAML = new KubernetesSerialization();

    static List<HasMetadata> render(Map<String, Object> values) {
        TemplateCommand template = new Helm(CHART).template().withName("s2c").withNamespace("sen2cor-system");
        values.forEach(template::set);
        return YAML.unmarshal(template.call());
    }

    static <T extends HasMetadata> T one(List<HasMetadata> objects, Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).findFirst().orElseThrow();
    }

    static Map<String, String> env(Deployment d) {
        return d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .collect(java.util.stream.Collectors.toMap(e -> e.getName(), e -> e.getValue()));
    }

    @Test
    void lintsClean() {
        var result = new Helm(CHART).lint().strict().call();
        assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
    }

    @Test
    void defaultsRenderAHardenedTwoReplicaDeploymentWithLeastPrivilegeRbac() {
        List<HasMetadata> objects = render(Map.of());
        assertThat(objects).extracting(HasMetadata::getKind).containsExactlyInAnyOrder("ServiceAccount", "ClusterRole",
                "ClusterRoleBinding", "Role", "RoleBinding", "Service", "Deployment");
        Deployment d = one(objects, Deployment.class);
        assertThat(d.getSpec().getReplicas()).isEqualTo(2);
        var pod = d.getSpec().getTemplate().getSpec();
        var c = pod.getContainers().get(0);
        assertThat(c.getImage()).isEqualTo("sen2cor-operator:0.1.0");
        assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
        assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
        assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getServiceAccountName()).isEqualTo("s2c-sen2cor-operator");
        assertThat(env(d)).containsEntry("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false").containsEntry("AWS_REGION", "eu-central-1")
                .containsEntry("SEN2COR_RUNNER_IMAGE", "sen2cor-runner:2.11").doesNotContainKey("QUARKUS_OPERATOR_SDK_NAMESPACES")
                .doesNotContainKey("SEN2COR_AWS_ENDPOINT_OVERRIDE").as("the image's JAVA_OPTS apply").doesNotContainKey("JAVA_OPTS");
        ClusterRole role = one(objects, ClusterRole.class);
        assertThat(role.getRules()).flatExtracting(r -> r.getResources()).doesNotContain("secrets", "deployments", "*");
        assertThat(role.getRules()).flatExtracting(r -> r.getVerbs()).doesNotContain("*", "deletecollection");
        assertThat(role.getRules()).filteredOn(r -> r.getResources().contains("namespaces"))
                .allSatisfy(r -> assertThat(r.getVerbs()).containsExactly("get", "list", "watch"));
    }

    @Test
    void everyDocumentedOptionRenders() {
        List<HasMetadata> objects = render(Map.of("watchNamespaces[0]", "eo", "watchNamespaces[1]", "sar",
                "logging.format", "json", "logging.level", "DEBUG", "aws.endpoint", "http://moto.aws-emulator:5000",
                "metrics.serviceMonitor.enabled", "true", "rbac.checkSecrets", "true",
                "serviceAccount.annotations.eks\\.amazonaws\\.com/role-arn", "arn:aws:iam::123456789012:role/sen2cor",
                "replicaCount", "3", "jvmOptions", "-XX:MaxRAMPercentage=60 -XX:TieredStopAtLevel=1"));
        Deployment d = one(objects, Deployment.class);
        assertThat(d.getSpec().getReplicas()).isEqualTo(3);
        assertThat(env(d)).containsEntry("QUARKUS_OPERATOR_SDK_NAMESPACES", "eo,sar")
                .containsEntry("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "true").containsEntry("QUARKUS_LOG_LEVEL", "DEBUG")
                .containsEntry("SEN2COR_AWS_ENDPOINT_OVERRIDE", "http://moto.aws-emulator:5000")
                .containsEntry("JAVA_OPTS", "-XX:MaxRAMPercentage=60 -XX:TieredStopAtLevel=1");
        assertThat(objects).extracting(HasMetadata::getKind).contains("ServiceMonitor");
        assertThat(one(objects, ClusterRole.class).getRules()).flatExtracting(r -> r.getResources()).contains("secrets");
        assertThat(one(objects, io.fabric8.kubernetes.api.model.ServiceAccount.class).getMetadata().getAnnotations())
                .containsEntry("eks.amazonaws.com/role-arn", "arn:aws:iam::123456789012:role/sen2cor");
    }

    @Test
    void watchingOnlyItsOwnNamespace() {
        assertThat(env(one(render(Map.of("watchOwnNamespaceOnly", "true")), Deployment.class)))
                .containsEntry("QUARKUS_OPERATOR_SDK_NAMESPACES", "sen2cor-system");
    }

    @Test
    void badValuesFailAtInstallTimeThroughTheSchema() {
        assertThatThrownBy(() -> render(Map.of("logging.format", "xml"))).hasMessageContaining("logging")
                .hasMessageContaining("format");
        assertThatThrownBy(() -> render(Map.of("replicas", "2"))).as("a typo is not silently ignored")
                .hasMessageContaining("replicas");
        assertThatThrownBy(() -> render(Map.of("aws.region", "eu-central"))).hasMessageContaining("region");
        assertThatThrownBy(() -> render(Map.of("aws.pollInterval", "soon"))).hasMessageContaining("pollInterval");
    }

    @Test
    void theChartReadmeDocumentsEveryValue() throws IOException {
        var values = new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
                .readTree(CHART.resolve("values.yaml").toFile());
        String readme = Files.readString(CHART.resolve("README.md"));
        List<String> keys = new java.util.ArrayList<>();
        collect("", values, keys);
        assertThat(keys).hasSizeGreaterThan(20).allSatisfy(k -> assertThat(readme).as("helm/README.md documents " + k)
                .contains("`" + k + "`"));
    }

    static void collect(String prefix, com.fasterxml.jackson.databind.JsonNode node, List<String> keys) {
        if (node.isObject() && node.size() > 0 && !prefix.endsWith("annotations") && !prefix.equals("resources")
                && !prefix.endsWith("labels")) {
            node.fields().forEachRemaining(e -> collect(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), keys));
        } else {
            keys.add(prefix);
        }
    }

    @Test
    void chartCrdsAreTheCommittedCrds() throws IOException {
        try (Stream<Path> files = Files.list(Projects.dir().resolve("crds"))) {
            List<Path> crds = files.sorted().toList();
            assertThat(crds).isNotEmpty();
            for (Path crd : crds) {
                assertThat(CHART.resolve("crds").resolve(crd.getFileName())).as("helm/crds/" + crd.getFileName()
                        + " (copy crds/ into helm/crds after ./mvnw -Pupdate-crds)").hasSameTextualContentAs(crd);
            }
        }
        try (Stream<Path> files = Files.list(CHART.resolve("crds"))) {
            assertThat(files.count()).isEqualTo(2);
        }
    }
}
