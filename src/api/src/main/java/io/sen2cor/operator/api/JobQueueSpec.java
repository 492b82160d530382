package io.sen2cor.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

public class JobQueueSpec {

    @JsonPropertyDescription("AWS name of the job queue. Default: the BatchEnvironment's name.")
    @Pattern(Patterns.BATCH_NAME)
    private String name;

    @JsonPropertyDescription("Scheduling priority among job queues sharing compute environments; higher goes first.")
    @Min(0)
    @Max(1000)
    @Default("1")
    private Integer priority = 1;

    @JsonPropertyDescription("ENABLED accepts and runs jobs; DISABLED stops new submissions, running jobs finish.")
    @Default("ENABLED")
    private QueueState state = QueueState.ENABLED;

    @JsonPropertyDescription("Cancel jobs AWS Batch keeps RUNNABLE at the head of the queue for a reason that does not "
            + "pass by itself, so one scene no instance can hold (or a capacity drought) does not block every job behind "
            + "it. The cancelled scenes fail with AWS's reason; raise spec.retryGeneration to run them again.")
    private StuckJobTimeoutsSpec stuckJobTimeouts = new StuckJobTimeoutsSpec();

    public StuckJobTimeoutsSpec getStuckJobTimeouts() {
        return stuckJobTimeouts;
    }

    public void setStuckJobTimeouts(StuckJobTimeoutsSpec stuckJobTimeouts) {
        this.stuckJobTimeouts = stuckJobTimeouts;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public Integer getPriority() {
        return priority;
    }

    public void setPriority(Integer priority) {
        this.priority = priority;
    }

    public QueueState getState() {
        return state;
    }

    public void setState(QueueState state) {
        this.state = state;
    }
}
