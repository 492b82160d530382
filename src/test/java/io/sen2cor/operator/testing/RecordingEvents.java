package io.sen2cor.operator.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.sen2cor.operator.status.EventSink;
import io.sen2cor.operator.status.EventReasonCode;

/** Keeps the Events a backend records, for tests that call a backend without an API server. */
public class RecordingEvents implements EventSink {

    public record Recorded(String object, EventReasonCode reason, String message) {
    }

    public final List<Recorded> events = new CopyOnWriteArrayList<>();

    @Override
    public void record(HasMetadata resource, EventReasonCode reason, String message) {
        events.add(new Recorded(resource.getMetadata().getName(), reason, message));
    }

    public List<EventReasonCode> reasons() {
        return events.stream().map(Recorded::reason).toList();
    }

    public List<String> messages(EventReasonCode reason) {
        return events.stream().filter(e -> e.reason() == reason).map(Recorded::message).toList();
    }
}
