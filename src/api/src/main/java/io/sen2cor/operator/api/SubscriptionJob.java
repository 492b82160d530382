package io.sen2cor.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One Sen2CorJob a subscription created, as its status lists it. */
public class SubscriptionJob {

    @JsonPropertyDescription("The Sen2CorJob's name.")
    private String name;

    @JsonPropertyDescription("The sensing time window whose new scenes it holds, RFC 3339 start/end.")
    private String window;

    @JsonPropertyDescription("How many scenes it holds.")
    private Integer scenes;

    @JsonPropertyDescription("Its phase when last seen (Deleted once the history limit removed it).")
    private String phase;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getWindow() {
        return window;
    }

    public void setWindow(String window) {
        this.window = window;
    }

    public Integer getScenes() {
        return scenes;
    }

    public void setScenes(Integer scenes) {
        this.scenes = scenes;
    }

    public String getPhase() {
        return phase;
    }

    public void setPhase(String phase) {
        this.phase = phase;
    }
}
