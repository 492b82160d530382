package io.sen2cor.operator.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.sen2cor.operator.api.Sen2CorSubscriptionSpec;
import io.sen2cor.operator.api.Sen2CorSubscriptionStatus;
import io.sen2cor.operator.api.SubscriptionNotifications;
import io.sen2cor.operator.testing.SnsEnvelope;

/** What a new-scene notification names, which subscriptions it concerns, and when it makes one poll; no server. */
class NewSceneNoticeTest {

    static final String PRODUCT = "S2B_MSIL1C_20250731T130249_N0511_R095_T24MXV_20250731T131834";

    @Test
    void readsTheProductAndItsTilesInSnssEnvelopeAndRaw() throws IOException {
        NewSceneNotice enveloped = NewSceneNotice.parse(SnsEnvelope.newProduct());
        assertThat(enveloped.products()).containsExactly(PRODUCT);
        assertThat(enveloped.tiles()).containsExactly("24MXV");
        assertThat(NewSceneNotice.parse(Files.readString(SnsEnvelope.NEW_PRODUCT))).as("raw message delivery")
                .isEqualTo(enveloped);

        // another topic's message (an STAC item) is read for product ids only
        NewSceneNotice item = NewSceneNotice.parse(SnsEnvelope.of("{\"id\": \"S2A_5VNK_20250731_0_L1C\", \"properties\": "
                + "{\"s2:product_uri\": \"S2A_MSIL1C_20250731T210021_N0511_R143_T05VNK_20250731T230112.SAFE\"}}", ""));
        assertThat(item.products()).containsExactly("S2A_MSIL1C_20250731T210021_N0511_R143_T05VNK_20250731T230112");
        assertThat(item.tiles()).containsExactly("05VNK");
        assertThat(NewSceneNotice.parse("not json at all")).isEqualTo(NewSceneNotice.unknown());
        assertThat(NewSceneNotice.parse(null)).isEqualTo(NewSceneNotice.unknown());
        assertThat(NewSceneNotice.parse("x".repeat(1_000_000) + PRODUCT).products()).as("read up to SQS's 256 KiB").isEmpty();
    }

    @Test
    void aNoticeConcernsASubscriptionOverItsTilesOrAnyByArea() {
        NewSceneNotice notice = NewSceneNotice.parse(SnsEnvelope.newProduct());
        assertThat(notice.concerns(List.of("24MXV", "24MWV"))).isTrue();
        assertThat(notice.concerns(List.of("T24MXV"))).as("written as in product ids").isTrue();
        assertThat(notice.concerns(List.of("36NXF"))).as("another tile: no poll").isFalse();
        assertThat(notice.concerns(null)).as("a subscription by area cannot tell: it polls").isTrue();
        assertThat(NewSceneNotice.unknown().concerns(List.of("36NXF"))).as("a notice naming nothing: every one polls").isTrue();
        assertThat(NewSceneNotice.normalise("5VNK")).isEqualTo("05VNK");
    }

    @Test
    void aNotificationBringsThePollForwardAtMostOnceAMinute() {
        Sen2CorSubscriptionSpec spec = new Sen2CorSubscriptionSpec();
        spec.setStart("2025-07-01T00:00:00Z");
        Instant last = Instant.parse("2025-08-01T06:00:00Z");
        Sen2CorSubscriptionStatus status = new Sen2CorSubscriptionStatus();
        status.setCursor(last.toString());
        status.setLastPollTime(last.toString());
        Instant hourly = last.plus(Duration.ofHours(1));

        assertThat(SubscriptionPlan.due(spec, status, null)).isEqualTo(hourly);
        assertThat(SubscriptionPlan.due(spec, status, last.minusSeconds(5))).as("arrived before the last poll").isEqualTo(hourly);
        assertThat(SubscriptionPlan.due(spec, status, last.plusSeconds(10))).as("not sooner than a minute after it")
                .isEqualTo(last.plus(SubscriptionPlan.NOTIFIED_GAP));
        assertThat(SubscriptionPlan.due(spec, status, last.plusSeconds(600))).isEqualTo(last.plusSeconds(600));
        spec.setPollInterval("1m");
        assertThat(SubscriptionPlan.due(spec, status, last.plusSeconds(600))).as("the regular poll comes first")
                .isEqualTo(last.plus(Duration.ofMinutes(1)));
    }

    @Test
    void theQueuesRegionComesFromItsUrlOrTheSpec() {
        SubscriptionNotifications n = new SubscriptionNotifications();
        n.setSqsQueueUrl("https://sqs.eu-west-1.amazonaws.com/123456789012/s2-new-scenes");
        assertThat(NotificationFeed.of(n)).hasValue(new NotificationFeed.Queue(n.getSqsQueueUrl(), "eu-west-1"));
        n.setSqsQueueUrl("http://127.0.0.1:5000/123456789012/s2-new-scenes");
        assertThat(NotificationFeed.of(n)).isEmpty();
        n.setRegion("us-east-1");
        assertThat(NotificationFeed.of(n)).hasValue(new NotificationFeed.Queue(n.getSqsQueueUrl(), "us-east-1"));
        assertThat(NotificationFeed.of(null)).isEmpty();
    }
}
