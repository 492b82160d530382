package io.sen2cor.operator.config;

import java.time.Clock;
import java.util.List;

import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.sen2cor.operator.backend.Backends;
import io.sen2cor.operator.backend.EnvironmentBackend;
import io.sen2cor.operator.backend.JobBackend;
import io.sen2cor.operator.stac.CatalogueAccess;
import io.sen2cor.operator.reconciler.SubscriptionNotifications;
import io.sen2cor.operator.stac.SceneSelections;
import io.sen2cor.operator.subscription.NotificationFeed;
import io.sen2cor.operator.stac.StacSearch;
import io.sen2cor.operator.validation.TenantPolicy;

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
    SceneSelections sceneSelections(Clock clock, OperatorConfig config) {
        OperatorConfig.Stac stac = config.stac();
        return SceneSelections.overStac(clock, new StacSearch.Limits(250, stac.pageTimeout(), stac.searchTimeout(),
                stac.maxPageBytes(), stac.maxPages()),
                CatalogueAccess.of(stac.allowedCatalogs(), stac.privateCatalogs().orElse(List.of())), stac.threads());
    }

    /** The operator's side of what tenants' Sen2CorJobs may do (docs/security.md). */
    @Produces
    @Singleton
    TenantPolicy.Settings tenantPolicy(OperatorConfig config) {
        return new TenantPolicy.Settings(config.runner().image(), config.stac().allowedCatalogs());
    }

    /** The queues Sen2CorSubscriptions may name for the push trigger, read through the feed this build has. */
    @Produces
    @Singleton
    SubscriptionNotifications subscriptionNotifications(OperatorConfig config, NotificationFeed feed) {
        return new SubscriptionNotifications(feed, config.subscriptions().notificationQueues().orElse(List.of()));
    }

    @Produces
    @Singleton
    Backends backends(Instance<EnvironmentBackend> environments, Instance<JobBackend> jobs) {
        return new Backends(environments.stream().toList(), jobs.stream().toList());
    }
}
