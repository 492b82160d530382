package io.sen2cor.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** status.notifications of a Sen2CorSubscription: what its queue brought. */
public class NotificationsStatus {

    @JsonPropertyDescription("Notifications for this subscription's scenes since the operator started reading the "
            + "queue (each brought a poll forward, at most one a minute).")
    private Long received;

    @JsonPropertyDescription("When the last of them arrived (RFC 3339).")
    private String lastReceivedTime;

    @JsonPropertyDescription("What the last of them named (product ids or MGRS tiles).")
    private String lastNotice;

    @JsonPropertyDescription("Why the queue cannot be read right now (e.g. AccessDenied); polling goes on meanwhile.")
    private String error;

    public Long getReceived() {
        return received;
    }

    public void setReceived(Long received) {
        this.received = received;
    }

    public String getLastReceivedTime() {
        return lastReceivedTime;
    }

    public void setLastReceivedTime(String lastReceivedTime) {
        this.lastReceivedTime = lastReceivedTime;
    }

    public String getLastNotice() {
        return lastNotice;
    }

    public void setLastNotice(String lastNotice) {
        this.lastNotice = lastNotice;
    }

    public String getError() {
        return error;
    }

    public void setError(String error) {
        this.error = error;
    }
}
