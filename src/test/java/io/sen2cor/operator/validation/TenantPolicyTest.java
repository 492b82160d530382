package io.sen2cor.operator.validation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TenantPolicyTest {

    @Test
    void outputPrefixMatchesWholePathSegments() {
        assertThat(TenantPolicy.isUnder("s3://eo-l2a/kenya/", "s3://eo-l2a/")).isTrue();
        assertThat(TenantPolicy.isUnder("s3://eo-l2a", "s3://eo-l2a/")).isTrue();
        assertThat(TenantPolicy.isUnder("s3://eo-l2a/kenya", "s3://eo-l2a/kenya")).isTrue();
        assertThat(TenantPolicy.isUnder("s3://eo-l2a-other/x/", "s3://eo-l2a")).isFalse();
        assertThat(TenantPolicy.isUnder("s3://eo-l2a/kenya-2/", "s3://eo-l2a/kenya")).isFalse();
    }
}
