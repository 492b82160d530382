package io.sen2cor.operator.api;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;

public class Sen2CorSubscriptionStatus implements ConditionedStatus {

    @JsonPropertyDescription("metadata.generation of the spec this status describes.")
    private Long observedGeneration;

    @JsonPropertyDescription("Sensing time up to which the catalogue has been searched and every scene found handed to "
            + "a job (RFC 3339). Polls go on from here after a restart or an outage.")
    private String cursor;

    @JsonPropertyDescription("When the catalogue was last searched (RFC 3339).")
    private String lastPollTime;

    @JsonPropertyDescription("When it is searched next (RFC 3339); empty while suspended.")
    private String nextPollTime;

    @JsonPropertyDescription("The last search: its window, the scenes it matched and the new ones among them.")
    private String lastPoll;

    @JsonPropertyDescription("Searches made since creation.")
    private Long polls;

    @JsonPropertyDescription("Sen2CorJobs created since creation.")
    private Long jobsCreated;

    @JsonPropertyDescription("Scenes handed to jobs since creation.")
    private Long scenesQueued;

    @JsonPropertyDescription("The push trigger's queue (spec.notifications): what it brought, or why it cannot be read.")
    private NotificationsStatus notifications;

    @JsonPropertyDescription("The jobs created, newest first: at most jobsHistoryLimit finished ones, plus those running "
            + "or within lookback.")
    private List<SubscriptionJob> jobs = new ArrayList<>();

    @JsonPropertyDescription("Ready: polling as planned (reason says why not: Suspended, CatalogueUnavailable, "
            + "SelectionRefused, environment or tenancy reasons).")
    private List<Condition> conditions = new ArrayList<>();

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public String getCursor() {
        return cursor;
    }

    public void setCursor(String cursor) {
        this.cursor = cursor;
    }

    public String getLastPollTime() {
        return lastPollTime;
    }

    public void setLastPollTime(String lastPollTime) {
        this.lastPollTime = lastPollTime;
    }

    public String getNextPollTime() {
        return nextPollTime;
    }

    public void setNextPollTime(String nextPollTime) {
        this.nextPollTime = nextPollTime;
    }

    public String getLastPoll() {
        return lastPoll;
    }

    public void setLastPoll(String lastPoll) {
        this.lastPoll = lastPoll;
    }

    public Long getPolls() {
        return polls;
    }

    public void setPolls(Long polls) {
        this.polls = polls;
    }

    public Long getJobsCreated() {
        return jobsCreated;
    }

    public void setJobsCreated(Long jobsCreated) {
        this.jobsCreated = jobsCreated;
    }

    public Long getScenesQueued() {
        return scenesQueued;
    }

    public void setScenesQueued(Long scenesQueued) {
        this.scenesQueued = scenesQueued;
    }

    public List<SubscriptionJob> getJobs() {
        return jobs;
    }

    public void setJobs(List<SubscriptionJob> jobs) {
        this.jobs = jobs;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions;
    }

    public NotificationsStatus getNotifications() {
        return notifications;
    }

    public void setNotifications(NotificationsStatus notifications) {
        this.notifications = notifications;
    }
}
