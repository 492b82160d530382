package io.sen2cor.operator.backend;

import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.sen2cor.operator.api.Sen2CorJob;

/** The backends this operator build provides, by type (built by config.OperatorBeans from the CDI beans). */
public class Backends {

    private final Map<BackendType, EnvironmentBackend> environments = new EnumMap<>(BackendType.class);
    private final Map<BackendType, JobBackend> jobs = new EnumMap<>(BackendType.class);

    public Backends(Collection<EnvironmentBackend> environmentBackends, Collection<JobBackend> jobBackends) {
        environmentBackends.forEach(b -> environments.put(b.type(), b));
        jobBackends.forEach(b -> jobs.put(b.type(), b));
    }

    public Optional<EnvironmentBackend> environment(BackendType type) {
        return Optional.ofNullable(environments.get(type));
    }

    public Optional<JobBackend> job(BackendType type) {
        return Optional.ofNullable(jobs.get(type));
    }

    /** Event sources of every job backend, for the Sen2CorJob reconciler to register. */
    public List<EventSource<?, Sen2CorJob>> jobEventSources(EventSourceContext<Sen2CorJob> context) {
        return jobs.values().stream().flatMap(b -> b.eventSources(context).stream()).toList();
    }

    /** Message for a resource whose backend this build does not have. */
    public static String unavailable(BackendType type) {
        return "the " + type.apiName() + " backend is not available in this operator build";
    }
}
