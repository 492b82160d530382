package io.sen2cor.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** spec.notifications of a Sen2CorSubscription: the push trigger (docs/subscriptions.md, "Push"). */
@ValidationRule(value = "has(self.region) || self.sqsQueueUrl.matches('^https://sqs\\\\.[a-z0-9-]+\\\\.amazonaws\\\\.com(\\\\.cn)?/')",
        message = "region is needed when sqsQueueUrl does not name it (https://sqs.<region>.amazonaws.com/...)")
public class SubscriptionNotifications {

    @JsonPropertyDescription("URL of an SQS queue subscribed to Sentinel-2's new-scene SNS topic, e.g. "
            + "https://sqs.eu-west-1.amazonaws.com/123456789012/s2-new-scenes subscribed to "
            + "arn:aws:sns:eu-west-1:214830741341:NewSentinel2Product. The operator reads it with its own identity and "
            + "deletes what it read: it must be one of the queues the platform allows (the chart's "
            + "subscriptions.notificationQueues), and serve the operator alone.")
    @Required
    @Pattern(Patterns.HTTPS_URL)
    @Size(max = 512)
    private String sqsQueueUrl;

    @JsonPropertyDescription("The queue's region; read from sqsQueueUrl when it names one.")
    @Pattern("^[a-z]{2}(-[a-z]+)+-[0-9]$")
    private String region;

    public String getSqsQueueUrl() {
        return sqsQueueUrl;
    }

    public void setSqsQueueUrl(String sqsQueueUrl) {
        this.sqsQueueUrl = sqsQueueUrl;
    }

    public String getRegion() {
        return region;
    }

    public void setRegion(String region) {
        this.region = region;
    }
}
