package io.sen2cor.operator.config;

import java.time.Clock;

import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.sen2cor.operator.backend.Backends;
import io.sen2cor.operator.backend.EnvironmentBackend;
import io.sen2cor.operator.backend.JobBackend;
import io.sen2cor.operator.stac.SceneSelections;

/** The operator's shared beans that are not backends of their own: its clock and the backends this build has. */
public class OperatorBeans {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    /** AWS Batch and Kubernetes plug in as CDI beans of the backend ports. */
    /** STAC searches for spec.scenes, on their own threads. */
    @Produces
    @Singleton
    SceneSelections sceneSelections(Clock clock) {
        return SceneSelections.overStac(clock);
    }

    @Produces
    @Singleton
    Backends backends(Instance<EnvironmentBackend> environments, Instance<JobBackend> jobs) {
        return new Backends(environments.stream().toList(), jobs.stream().toList());
    }
}
