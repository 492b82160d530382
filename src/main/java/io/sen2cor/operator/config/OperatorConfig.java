package io.sen2cor.operator.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Every setting of the operator, with its default, in one place (environment variables {@code SEN2COR_...}, e.g.
 * {@code SEN2COR_AWS_POLL_INTERVAL}; the Helm chart sets them from its values). Durations take {@code 30s},
 * {@code 15m} or ISO-8601.
 */
@ConfigMapping(prefix = "sen2cor")
public interface OperatorConfig {

    Runner runner();

    Aws aws();

    Kubernetes kubernetes();

    Stac stac();

    Subscriptions subscriptions();

    /** Sen2CorSubscriptions' push trigger (docs/subscriptions.md, "Push"). */
    interface Subscriptions {
        /**
         * SQS queue URLs a Sen2CorSubscription's spec.notifications may name; the operator reads and deletes their
         * messages with its own identity. Default: none (subscriptions poll only).
         */
        Optional<List<String>> notificationQueues();
    }

    interface Runner {
        /** The runner image of Sen2CorJobs that name none in spec.image. */
        @WithDefault("sen2cor-runner:latest")
        String image();
    }

    interface Aws {
        /** An endpoint for every AWS service (an emulator such as moto); unset: AWS itself. */
        Optional<URI> endpointOverride();

        /** How often the shared poller describes the AWS Batch jobs of every running Sen2CorJob. */
        @WithDefault("30s")
        Duration pollInterval();

        /** DescribeJobs calls per second, at most (token bucket shared by all Sen2CorJobs). */
        @WithDefault("5")
        double describeRate();

        /** SubmitJob calls per second, at most (AWS's account quota is 50). */
        @WithDefault("5")
        double submitRate();

        /** How long scenes may wait without any starting before a ScenesNotStarting warning. */
        @WithDefault("30m")
        Duration stuckAfter();

        /** Recheck interval while AWS creates, updates or deletes something. */
        @WithDefault("10s")
        Duration progressInterval();

        /** Recheck interval after a problem the user or AWS must fix, or an AWS error. */
        @WithDefault("1m")
        Duration retryInterval();

        /** Recheck interval when all is well: drift made in the console is corrected within it. */
        @WithDefault("5m")
        Duration resyncInterval();
    }

    /** STAC searches of spec.scenes: what the operator fetches for tenants, and how much (docs/security.md). */
    interface Stac {
        /**
         * Catalogue roots (scheme://host[:port][/path]) Sen2CorJobs may search; a BatchEnvironment's allowedCatalogs
         * can only narrow it. Default: the public Sentinel-2 catalogues.
         */
        @WithDefault("https://earth-search.aws.element84.com/v1,https://stac.dataspace.copernicus.eu/v1,"
                + "https://planetarycomputer.microsoft.com/api/stac/v1")
        List<String> allowedCatalogs();

        /**
         * Allowed catalogues that may resolve to a loopback, private, link-local or cluster address (an in-cluster
         * STAC server). Every other catalogue that resolves to such an address is refused.
         */
        Optional<List<String>> privateCatalogs();

        /** Time for one page: connection, answer and the whole body. */
        @WithDefault("60s")
        Duration pageTimeout();

        /** Time for one whole search, every page (a selection of a million scenes reads about 4,000 pages). */
        @WithDefault("30m")
        Duration searchTimeout();

        /** Largest page body read, in bytes. */
        @WithDefault("16777216")
        int maxPageBytes();

        /** Most pages one search reads: 4,100 pages of 250 hold the 1,000,000 scenes one Sen2CorJob may select. */
        @WithDefault("4100")
        int maxPages();

        /** Searches running at once (one per namespace at a time; the others wait their turn, namespace by namespace). */
        @WithDefault("2")
        int threads();
    }

    interface Kubernetes {
        /** How long scene pods may stay unschedulable before a ScenesNotStarting warning. */
        @WithDefault("15m")
        Duration unschedulableAfter();

        /** Recheck interval of a running Sen2CorJob on the Kubernetes backend (stuck pods have no event). */
        @WithDefault("1m")
        Duration resyncInterval();
    }
}
