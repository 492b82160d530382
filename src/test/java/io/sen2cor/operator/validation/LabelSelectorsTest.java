package io.sen2cor.operator.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;

class LabelSelectorsTest {

    static final Map<String, String> EO = Map.of("team", "eo", "tier", "batch");

    @Test
    void emptySelectorMatchesEverything() {
        assertThat(LabelSelectors.matches(new LabelSelector(), Map.of())).isTrue();
        assertThat(LabelSelectors.matches(new LabelSelector(), null)).isTrue();
    }

    @Test
    void matchLabelsNeedsEveryPair() {
        assertThat(LabelSelectors.matches(selector().withMatchLabels(Map.of("team", "eo")).build(), EO)).isTrue();
        assertThat(LabelSelectors.matches(selector().withMatchLabels(Map.of("team", "eo", "tier", "web")).build(), EO)).isFalse();
        assertThat(LabelSelectors.matches(selector().withMatchLabels(Map.of("team", "eo")).build(), Map.of())).isFalse();
    }

    @Test
    void matchExpressionOperators() {
        assertThat(matches("team", "In", "eo", "sar")).isTrue();
        assertThat(matches("team", "In", "sar")).isFalse();
        assertThat(matches("team", "NotIn", "sar")).isTrue();
        assertThat(matches("team", "NotIn", "eo")).isFalse();
        assertThat(matches("missing", "NotIn", "eo")).isTrue();
        assertThat(matches("team", "Exists")).isTrue();
        assertThat(matches("missing", "Exists")).isFalse();
        assertThat(matches("missing", "DoesNotExist")).isTrue();
        assertThat(matches("team", "DoesNotExist")).isFalse();
        assertThat(matches("team", "Gt", "1")).as("unknown operator fails closed").isFalse();
    }

    @Test
    void labelsAndExpressionsAreAnded() {
        LabelSelector s = selector().withMatchLabels(Map.of("team", "eo"))
                .addNewMatchExpression().withKey("tier").withOperator("In").withValues("web").endMatchExpression().build();
        assertThat(LabelSelectors.matches(s, EO)).isFalse();
    }

    static boolean matches(String key, String operator, String... values) {
        return LabelSelectors.matches(selector().addNewMatchExpression().withKey(key).withOperator(operator)
                .withValues(values).endMatchExpression().build(), EO);
    }

    static LabelSelectorBuilder selector() {
        return new LabelSelectorBuilder();
    }
}
