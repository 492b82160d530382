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
    /** What the local control plane runs; the chart's kubeVersion admits 1.29 and later. */
    static final String KUBE_VERSION = "v1.37.2";

    static List<HasMetadata> render(Map<String, Object> values) {
        TemplateCommand template = new Helm(CHART).template().withName("s2c").withNamespace("sen2cor-system")
                .withKubeVersion(KUBE_VERSION);
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
        assertThat(result.getMessages()).as("lint --strict").noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
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
                .containsEntry("SEN2COR_RUNNER_IMAGE", "sen2cor-runner:2.12").doesNotContainKey("QUARKUS_OPERATOR_SDK_CONTROLLERS_SEN2CORJOB_NAMESPACES")
                .doesNotContainKey("SEN2COR_AWS_ENDPOINT_OVERRIDE").as("the image's JAVA_OPTS apply").doesNotContainKey("JAVA_OPTS");
        ClusterRole role = one(objects, ClusterRole.class);
        assertThat(role.getRules()).flatExtracting(r -> r.getResources()).doesNotContain("deployments", "*");
        // Secrets: get only, to read the job-credentials label of the Secrets a Sen2CorJob names (docs/security.md)
        assertThat(role.getRules()).filteredOn(r -> r.getResources().contains("secrets"))
                .singleElement().satisfies(r -> assertThat(r.getVerbs()).containsExactly("get"));
        assertThat(role.getRules()).flatExtracting(r -> r.getVerbs()).doesNotContain("*", "deletecollection");
        assertThat(role.getRules()).filteredOn(r -> r.getResources().contains("namespaces"))
                .allSatisfy(r -> assertThat(r.getVerbs()).containsExactly("get", "list", "watch"));
    }

    @Test
    void everyDocumentedOptionRenders() {
        List<HasMetadata> objects = render(Map.of("watchNamespaces[0]", "eo", "watchNamespaces[1]", "sar",
                "logging.format", "json", "logging.level", "DEBUG", "aws.endpoint", "http://moto.aws-emulator:5000",
                "rbac.checkSecrets", "true", "stac.privateCatalogs[0]", "http://stac.eo.svc:8080",
                "serviceAccount.annotations.eks\\.amazonaws\\.com/role-arn", "arn:aws:iam::123456789012:role/sen2cor",
                "replicaCount", "3", "jvmOptions", "-XX:MaxRAMPercentage=60 -XX:TieredStopAtLevel=1"));
        Deployment d = one(objects, Deployment.class);
        assertThat(d.getSpec().getReplicas()).isEqualTo(3);
        assertThat(env(d)).containsEntry("QUARKUS_OPERATOR_SDK_CONTROLLERS_SEN2CORSUBSCRIPTION_NAMESPACES", "eo,sar");
        assertThat(env(d)).containsEntry("QUARKUS_OPERATOR_SDK_CONTROLLERS_SEN2CORJOB_NAMESPACES", "eo,sar")
                .containsEntry("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "true").containsEntry("QUARKUS_LOG_LEVEL", "DEBUG")
                .containsEntry("SEN2COR_AWS_ENDPOINT_OVERRIDE", "http://moto.aws-emulator:5000")
                .containsEntry("JAVA_OPTS", "-XX:MaxRAMPercentage=60 -XX:TieredStopAtLevel=1")
                .containsEntry("SEN2COR_STAC_PRIVATE_CATALOGS", "http://stac.eo.svc:8080")
                .containsEntry("SEN2COR_STAC_ALLOWED_CATALOGS", "https://earth-search.aws.element84.com/v1,"
                        + "https://stac.dataspace.copernicus.eu/v1,https://planetarycomputer.microsoft.com/api/stac/v1");
        assertThat(objects).filteredOn(o -> o instanceof io.fabric8.kubernetes.api.model.rbac.Role
                && o.getMetadata().getName().equals("s2c-sen2cor-operator-sen2cor-system"))
                .extracting(o -> o.getMetadata().getNamespace()).containsExactlyInAnyOrder("eo", "sar");
        assertThat(one(objects, io.fabric8.kubernetes.api.model.ServiceAccount.class).getMetadata().getAnnotations())
                .containsEntry("eks.amazonaws.com/role-arn", "arn:aws:iam::123456789012:role/sen2cor");
    }

    @Test
    void anUmbrellaChartsGlobalValuesAndTheUsualOptionsRender() throws IOException {
        Map<String, Object> values = new java.util.LinkedHashMap<>();
        values.put("global.imageRegistry", "registry.example");  // every umbrella chart passes global
        values.put("image.registry", "registry.example:5000");
        values.put("podLabels.team", "eo");
        values.put("podAnnotations.prometheus\\.io/path", "/q/metrics");
        values.put("podSecurityContext.runAsNonRoot", "true");
        values.put("podSecurityContext.fsGroup", "10001");
        values.put("topologySpreadConstraints[0].maxSkew", "1");
        values.put("topologySpreadConstraints[0].topologyKey", "topology.kubernetes.io/zone");
        values.put("topologySpreadConstraints[0].whenUnsatisfiable", "ScheduleAnyway");
        values.put("imagePullSecrets[0].name", "pull");
        values.put("priorityClassName", "system-cluster-critical");
        values.put("extraEnv[0].name", "SEN2COR_AWS_STUCK_AFTER");
        values.put("extraEnv[0].value", "45m");
        values.put("tolerations[0].key", "dedicated");
        values.put("tolerations[0].operator", "Exists");
        values.put("tolerations[0].effect", "NoSchedule");
        values.put("resources.limits.cpu", "1");
        values.put("podDisruptionBudget.enabled", "true");
        values.put("networkPolicy.enabled", "true");
        values.put("grafanaDashboard.enabled", "true");
        List<HasMetadata> objects = render(values);

        Deployment d = one(objects, Deployment.class);
        var pod = d.getSpec().getTemplate().getSpec();
        assertThat(pod.getContainers().get(0).getImage()).isEqualTo("registry.example:5000/sen2cor-operator:0.1.0");
        assertThat(d.getSpec().getTemplate().getMetadata().getLabels()).containsEntry("team", "eo");
        assertThat(pod.getSecurityContext().getFsGroup()).isEqualTo(10001L);
        assertThat(pod.getTopologySpreadConstraints()).singleElement().satisfies(t -> assertThat(t.getMaxSkew()).isEqualTo(1));
        assertThat(pod.getImagePullSecrets()).extracting(r -> r.getName()).containsExactly("pull");
        assertThat(pod.getPriorityClassName()).isEqualTo("system-cluster-critical");
        assertThat(env(d)).containsEntry("SEN2COR_AWS_STUCK_AFTER", "45m");
        assertThat(objects).extracting(HasMetadata::getKind).contains("PodDisruptionBudget", "NetworkPolicy", "ConfigMap");
        var dashboard = one(objects, io.fabric8.kubernetes.api.model.ConfigMap.class);
        assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(dashboard.getData().get("sen2cor-operator.json"));
        assertThat(json.get("panels")).hasSizeGreaterThanOrEqualTo(5);
        assertThat(json.toString()).contains("sen2cor_scenes", "sen2cor_aws_attempts_total",
                "reconciliations_execution_duration_seconds", "sen2cor_aws_poll_cycle_seconds");
        assertThat(objects).allSatisfy(o -> assertThat(o.getMetadata().getLabels().get("helm.sh/chart"))
                .matches("[A-Za-z0-9_.-]{1,63}"));
    }

    @Test
    void namesFollowTheUsualRuleAndClusterScopedOnesCarryTheNamespace() {
        TemplateCommand template = new Helm(CHART).template().withName("sen2cor").withNamespace("eo")
                .withKubeVersion(KUBE_VERSION);
        List<HasMetadata> objects = YAML.unmarshal(template.call());
        assertThat(one(objects, Deployment.class).getMetadata().getName()).as("helm install sen2cor")
                .isEqualTo("sen2cor-operator");
        assertThat(one(objects, ClusterRole.class).getMetadata().getName()).isEqualTo("sen2cor-operator-eo");
        assertThat(one(render(Map.of()), Deployment.class).getMetadata().getName()).isEqualTo("s2c-sen2cor-operator");
        assertThat(one(render(Map.of("fullnameOverride", "eo-operator")), Deployment.class).getMetadata().getName())
                .isEqualTo("eo-operator");
        assertThat(render(Map.of("metrics.serviceMonitor.enabled", "true"))).as("no ServiceMonitor API in a plain render")
                .extracting(HasMetadata::getKind).doesNotContain("ServiceMonitor");
    }

    @Test
    void typedValuesRefuseWhatKubernetesWouldRefuse() {
        assertThatThrownBy(() -> render(Map.of("tolerations[0]", "1"))).hasMessageContaining("tolerations");
        assertThatThrownBy(() -> render(Map.of("resources.limits.memory", "lots"))).hasMessageContaining("memory");
        assertThatThrownBy(() -> render(Map.of("affinity.nodeAfinity.x", "y"))).hasMessageContaining("nodeAfinity");
        assertThatThrownBy(() -> render(Map.of("extraEnv[0].value", "x"))).hasMessageContaining("name");
    }

    @Test
    void watchingSomeNamespacesGrantsTheirWorkInThoseNamespacesOnly() {
        List<HasMetadata> objects = render(Map.of("watchNamespaces[0]", "team-a", "watchNamespaces[1]", "team-b"));
        ClusterRole cluster = one(objects, ClusterRole.class);
        assertThat(cluster.getRules()).flatExtracting(r -> r.getResources()).as("no cluster-wide write to tenants' objects")
                .doesNotContain("jobs", "pods", "configmaps", "secrets", "events", "sen2corjobs/status", "sen2corsubscriptions",
                        "sen2corsubscriptions/status");
        assertThat(cluster.getRules()).filteredOn(r -> r.getResources().contains("sen2corjobs")).singleElement()
                .satisfies(r -> assertThat(r.getVerbs()).as("read everywhere: an environment in use is not deleted")
                        .containsExactly("get", "list", "watch"));
        var roles = objects.stream().filter(io.fabric8.kubernetes.api.model.rbac.Role.class::isInstance)
                .map(io.fabric8.kubernetes.api.model.rbac.Role.class::cast).toList();
        assertThat(roles).filteredOn(r -> r.getRules().stream().anyMatch(rule -> rule.getResources().contains("jobs")))
                .extracting(r -> r.getMetadata().getNamespace()).containsExactlyInAnyOrder("team-a", "team-b");
        assertThat(roles).filteredOn(r -> r.getMetadata().getNamespace().equals("default")).singleElement()
                .as("the BatchEnvironments' Events").satisfies(r -> assertThat(r.getRules()).singleElement()
                        .satisfies(rule -> assertThat(rule.getResources()).containsExactly("events")));
        assertThat(objects).filteredOn(o -> o instanceof io.fabric8.kubernetes.api.model.rbac.RoleBinding)
                .extracting(o -> o.getMetadata().getNamespace()).contains("team-a", "team-b", "default", "sen2cor-system");
        assertThat(render(Map.of("watchOwnNamespaceOnly", "true"))).filteredOn(o -> o instanceof io.fabric8.kubernetes.api.model.rbac.Role)
                .extracting(o -> o.getMetadata().getNamespace()).containsExactlyInAnyOrder("sen2cor-system", "sen2cor-system", "default");
    }

    @Test
    void aConditionalDependencysEnabledValueIsAcceptedAndThePodKeepsTheRestrictedDefaults() {
        Deployment d = one(render(Map.of("enabled", "true", "podSecurityContext.fsGroup", "10001")), Deployment.class);
        var security = d.getSpec().getTemplate().getSpec().getSecurityContext();
        assertThat(security.getFsGroup()).isEqualTo(10001L);
        assertThat(security.getRunAsNonRoot()).isTrue();
        assertThat(security.getSeccompProfile().getType()).as("restricted Pod Security needs it").isEqualTo("RuntimeDefault");
        assertThat(one(render(Map.of("podSecurityContext.seccompProfile.type", "Localhost",
                "podSecurityContext.seccompProfile.localhostProfile", "operator.json")), Deployment.class)
                .getSpec().getTemplate().getSpec().getSecurityContext().getSeccompProfile().getType()).isEqualTo("Localhost");
    }

    @Test
    void theNetworkPolicyLetsThroughWhatTheSettingsNameAndNothingElse() {
        var policy = one(render(Map.of("networkPolicy.enabled", "true", "aws.endpoint", "http://moto.aws-emulator:5000",
                "stac.allowedCatalogs[0]", "https://earth-search.aws.element84.com/v1",
                "stac.allowedCatalogs[1]", "http://stac.eo.svc:8080", "stac.privateCatalogs[0]", "http://stac.eo.svc:8080",
                "stac.allowedCatalogs[2]", "http://catalogue.example/stac",
                "networkPolicy.extraEgress[0].ports[0].port", "3128")),
                io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy.class);
        var egress = policy.getSpec().getEgress();
        assertThat(egress).extracting(r -> r.getPorts().stream().map(p -> p.getPort().getIntVal()).toList())
                .containsExactly(List.of(53, 53), List.of(443, 6443), List.of(5000), List.of(443, 8080, 80), List.of(80),
                        List.of(3128));
        assertThat(egress.get(4).getTo()).extracting(t -> t.getIpBlock().getCidr())
                .containsExactly("169.254.170.23/32", "fd00:ec2::23/128");
        var withoutPodIdentity = one(render(Map.of("networkPolicy.enabled", "true", "networkPolicy.eksPodIdentity", "false")),
                io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy.class);
        assertThat(withoutPodIdentity.getSpec().getEgress()).extracting(r -> r.getPorts().stream().map(p -> p.getPort().getIntVal()).toList())
                .as("defaults: DNS, API server, AWS, the three public catalogues").containsExactly(List.of(53, 53),
                        List.of(443, 6443), List.of(443), List.of(443));
    }

    @Test
    void watchingOnlyItsOwnNamespace() {
        assertThat(env(one(render(Map.of("watchOwnNamespaceOnly", "true")), Deployment.class)))
                .containsEntry("QUARKUS_OPERATOR_SDK_CONTROLLERS_SEN2CORJOB_NAMESPACES", "sen2cor-system");
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
            assertThat(files.count()).isEqualTo(3);
        }
    }
}
