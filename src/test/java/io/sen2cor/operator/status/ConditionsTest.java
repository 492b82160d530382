package io.sen2cor.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Condition;

class ConditionsTest {

    static final Instant T0 = Instant.parse("2026-11-25T10:00:00.123Z");
    static final Instant T1 = Instant.parse("2026-11-25T11:00:00Z");

    @Test
    void addsAConditionWithTransitionTimeInSeconds() {
        List<Condition> c = Conditions.set(null, "Ready", false, "EnvironmentNotFound", "missing", 3L, T0);
        assertThat(c).singleElement().satisfies(x -> {
            assertThat(x.getStatus()).isEqualTo("False");
            assertThat(x.getReason()).isEqualTo("EnvironmentNotFound");
            assertThat(x.getObservedGeneration()).isEqualTo(3L);
            assertThat(x.getLastTransitionTime()).isEqualTo("2026-11-25T10:00:00Z");
        });
    }

    @Test
    void keepsTransitionTimeWhenOnlyReasonOrMessageChanges() {
        List<Condition> c = Conditions.set(null, "Ready", false, "EnvironmentNotFound", "missing", 1L, T0);
        c = Conditions.set(c, "Ready", false, "NamespaceNotAllowed", "not allowed", 2L, T1);
        assertThat(c).singleElement().satisfies(x -> {
            assertThat(x.getReason()).isEqualTo("NamespaceNotAllowed");
            assertThat(x.getObservedGeneration()).isEqualTo(2L);
            assertThat(x.getLastTransitionTime()).isEqualTo("2026-11-25T10:00:00Z");
        });
    }

    @Test
    void newTransitionTimeWhenStatusFlips() {
        List<Condition> c = Conditions.set(null, "Ready", false, "EnvironmentNotReady", "", 1L, T0);
        c = Conditions.set(c, "Degraded", true, "X", "", 1L, T0);
        c = Conditions.set(c, "Ready", true, "Ready", "", 1L, T1);
        assertThat(Conditions.find(c, "Ready").orElseThrow().getLastTransitionTime()).isEqualTo("2026-11-25T11:00:00Z");
        assertThat(Conditions.isTrue(c, "Ready")).isTrue();
        assertThat(Conditions.isTrue(c, "Degraded")).isTrue();
        assertThat(Conditions.isTrue(c, "Progressing")).isFalse();
        assertThat(c).extracting(Condition::getType).containsExactly("Ready", "Degraded");
    }
}
