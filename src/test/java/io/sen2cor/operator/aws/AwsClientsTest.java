package io.sen2cor.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.regions.Region;

class AwsClientsTest {

    @Test
    void iamIsAddressedInTheRegionsOwnPartition() {
        assertThat(AwsClients.iamRegion(Region.EU_CENTRAL_1)).isEqualTo(Region.AWS_GLOBAL);
        assertThat(AwsClients.iamRegion(Region.CN_NORTHWEST_1)).isEqualTo(Region.AWS_CN_GLOBAL);
        assertThat(AwsClients.iamRegion(Region.US_GOV_WEST_1)).isEqualTo(Region.AWS_US_GOV_GLOBAL);
        assertThat(AwsClients.iamRegion(Region.of("us-iso-east-1"))).isEqualTo(Region.AWS_ISO_GLOBAL);
        assertThat(AwsClients.iamRegion(Region.of("us-isob-east-1"))).isEqualTo(Region.AWS_ISO_B_GLOBAL);
    }
}
