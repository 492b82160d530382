package io.sen2cor.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

public class Sen2CorSubscriptionSpec {

    @JsonPropertyDescription("Which L1C items: catalogue, collection, area (bbox, intersects or mgrsTiles) and "
            + "conditions (maxCloudCover, query), as a Sen2CorJob's scenes without datetime.")
    @Required
    private SubscriptionScenes scenes;

    @JsonPropertyDescription("Sensing time from which to process, RFC 3339 (e.g. 2026-01-01T00:00:00Z): the first polls "
            + "backfill from here in windows of backfillWindow. Cannot change once created.")
    @Required
    @Pattern("^" + Patterns.TIME + "$")
    @ValidationRule(value = "self == oldSelf", message = "start cannot change; create a new Sen2CorSubscription")
    private String start;

    @JsonPropertyDescription("How often the catalogue is searched once caught up, e.g. 1h, 30m. At least 1m.")
    @Pattern(Patterns.DURATION)
    @ValidationRule(value = "duration(self) >= duration('60s')", message = "pollInterval must be at least 1m")
    @Default("1h")
    private String pollInterval = "1h";

    @JsonPropertyDescription("How far before the cursor each poll searches again, for scenes the catalogue published "
            + "late (Sentinel-2 items usually appear within hours of sensing; reprocessed ones later). Scenes already "
            + "handed to a job are not handed out again. e.g. 72h.")
    @Pattern(Patterns.DURATION)
    @Default("72h")
    private String lookback = "72h";

    @JsonPropertyDescription("Once caught up, each poll also searches the scenes sensed before its window (from start on) "
            + "that the catalogue published since the window's start, by this item property (STAC common metadata; "
            + "Earth Search sets created), so a scene published more than lookback after sensing is not missed; "
            + "none: the window only. A catalogue without the query extension, or whose items lack the property, "
            + "makes that search find nothing (said in lastPoll).")
    @Default("created")
    private PublishedProperty published = PublishedProperty.created;

    @JsonPropertyDescription("Sensing time each job covers while catching up (after start, a restart or an outage), "
            + "e.g. 168h. Lower it when a window matches more scenes than jobLimit.")
    @Pattern(Patterns.DURATION)
    @ValidationRule(value = "duration(self) >= duration('1h')", message = "backfillWindow must be at least 1h")
    @Default("168h")
    private String backfillWindow = "168h";

    @JsonPropertyDescription("Most scenes one created Sen2CorJob holds; a poll that finds more creates several.")
    @Min(1)
    @Max(Sen2CorJobSpec.MAX_INLINE_PRODUCTS)
    @Default("1000")
    private Integer jobLimit = 1000;

    @JsonPropertyDescription("Finished Sen2CorJobs kept (older ones are deleted; their products stay). Jobs whose "
            + "scenes a poll may still find again (within lookback) are kept whatever this says.")
    @Min(0)
    @Max(100)
    @Default("10")
    private Integer jobsHistoryLimit = 10;

    @JsonPropertyDescription("true: no more polls and no new jobs; the jobs already created run on. false resumes "
            + "from the cursor, catching up what was acquired meanwhile.")
    @Default("false")
    private Boolean suspend = Boolean.FALSE;

    @JsonPropertyDescription("What each created Sen2CorJob runs with: environmentRef, output, sen2cor, source, "
            + "resources, retry, timeout, image. Changes apply to jobs created afterwards.")
    @Required
    private Sen2CorJobSettings jobTemplate;

    @JsonPropertyDescription("Optional push trigger: an SQS queue subscribed to Sentinel-2's new-scene notifications. "
            + "A notification naming a tile of spec.scenes.mgrsTiles (any notification, for a subscription by area) "
            + "brings the next poll forward, at most once a minute; polling every pollInterval stays the safety net.")
    private SubscriptionNotifications notifications;

    public SubscriptionScenes getScenes() {
        return scenes;
    }

    public void setScenes(SubscriptionScenes scenes) {
        this.scenes = scenes;
    }

    public String getStart() {
        return start;
    }

    public void setStart(String start) {
        this.start = start;
    }

    public PublishedProperty getPublished() {
        return published;
    }

    public void setPublished(PublishedProperty published) {
        this.published = published;
    }

    public String getPollInterval() {
        return pollInterval;
    }

    public void setPollInterval(String pollInterval) {
        this.pollInterval = pollInterval;
    }

    public String getLookback() {
        return lookback;
    }

    public void setLookback(String lookback) {
        this.lookback = lookback;
    }

    public String getBackfillWindow() {
        return backfillWindow;
    }

    public void setBackfillWindow(String backfillWindow) {
        this.backfillWindow = backfillWindow;
    }

    public Integer getJobLimit() {
        return jobLimit;
    }

    public void setJobLimit(Integer jobLimit) {
        this.jobLimit = jobLimit;
    }

    public Integer getJobsHistoryLimit() {
        return jobsHistoryLimit;
    }

    public void setJobsHistoryLimit(Integer jobsHistoryLimit) {
        this.jobsHistoryLimit = jobsHistoryLimit;
    }

    public Boolean getSuspend() {
        return suspend;
    }

    public void setSuspend(Boolean suspend) {
        this.suspend = suspend;
    }

    public Sen2CorJobSettings getJobTemplate() {
        return jobTemplate;
    }

    public void setJobTemplate(Sen2CorJobSettings jobTemplate) {
        this.jobTemplate = jobTemplate;
    }

    public SubscriptionNotifications getNotifications() {
        return notifications;
    }

    public void setNotifications(SubscriptionNotifications notifications) {
        this.notifications = notifications;
    }
}
