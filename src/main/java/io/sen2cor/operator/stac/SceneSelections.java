package io.sen2cor.operator.stac;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.CancellationException;
import java.util.function.Function;

import io.sen2cor.operator.api.JobPhase;
import io.sen2cor.operator.api.SceneSelectionStatus;
import io.sen2cor.operator.api.SceneSelector;
import io.sen2cor.operator.api.Sen2CorJob;
import io.sen2cor.operator.api.Sen2CorJobStatus;
import io.sen2cor.operator.backend.Observation;
import io.sen2cor.operator.validation.TenantPolicy;
import io.sen2cor.operator.status.ConditionReason;

/**
 * Resolves each Sen2CorJob's spec.scenes once, off the reconcile threads (docs/stac.md): the first reconcile starts
 * the search on a small pool of its own and returns; later ones pick up the result, freeze it into
 * status.selection (the lifecycle then counts its scenes), or report the catalogue's error as a condition (retried
 * when it may pass: timeouts, 5xx).
 */
public final class SceneSelections implements AutoCloseable {

    static final Duration POLL = Duration.ofSeconds(2);
    static final Duration RETRY = Duration.ofSeconds(30);

    /** A search that matched more products than scenes.limit. */
    static final class OverLimit extends RuntimeException {
        OverLimit(String message) {
            super(message);
        }
    }

    private final Function<SceneSelector, StacSearch.Result> search;
    private final Clock clock;
    private final FairQueue queue;
    /** One search per Sen2CorJob (by UID: spec.scenes cannot change, so a later generation is the same search). */
    private final Map<String, CompletableFuture<SceneSelectionStatus>> inFlight = new ConcurrentHashMap<>();

    public SceneSelections(Function<SceneSelector, StacSearch.Result> search, Clock clock) {
        this(search, clock, 2);
    }

    public SceneSelections(Function<SceneSelector, StacSearch.Result> search, Clock clock, int threads) {
        this.search = search;
        this.clock = clock;
        this.queue = new FairQueue(threads, "stac-search");
    }

    /** Tests: any catalogue, pages of 250 items, 60 s per page. */
    public static SceneSelections overStac(Clock clock) {
        StacSearch stac = new StacSearch(250, Duration.ofSeconds(60));
        return new SceneSelections(stac::search, clock);
    }

    /** The operator's: searches within {@code limits}, only of catalogues {@code access} allows. */
    public static SceneSelections overStac(Clock clock, StacSearch.Limits limits, CatalogueAccess access, int threads) {
        StacSearch stac = new StacSearch(limits, access, true, true);
        return new SceneSelections(stac::search, clock, threads);
    }

    /** Drops the job's search: cancels it if it waits or runs (the job was deleted). */
    public void forget(String uid) {
        CompletableFuture<SceneSelectionStatus> running = inFlight.remove(uid);
        if (running != null) {
            running.cancel(true);
        }
    }

    /**
     * One step: start the search, wait for it, or freeze its result into {@code status}. {@code succeeded}: of some
     * products, those whose result record already says SUCCEEDED, or empty when that cannot be read (for
     * scenes.skipExisting; called on this class's threads).
     */
    public Observation resolve(Sen2CorJob job, Sen2CorJobStatus status, Function<List<String>, Optional<Set<String>>> succeeded) {
        SceneSelector selector = job.getSpec().getScenes();
        String key = job.getMetadata().getUid();
        CompletableFuture<SceneSelectionStatus> running = inFlight.computeIfAbsent(key,
                k -> queue.submit(job.getMetadata().getNamespace(), () -> select(selector, succeeded)));
        status.setPhase(JobPhase.Pending);
        if (!running.isDone()) {
            return new Observation(Observation.State.PROGRESSING, ConditionReason.ResolvingScenes,
                    "searching " + TenantPolicy.display(selector.getCatalog()) + " collection " + selector.getCollection(), POLL);
        }
        inFlight.remove(key);
        SceneSelectionStatus selection;
        try {
            selection = running.get();
        } catch (CancellationException e) {
            return Observation.degraded(ConditionReason.CatalogueUnavailable, "the search was cancelled", RETRY);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Observation.degraded(ConditionReason.CatalogueUnavailable, "interrupted", RETRY);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof OverLimit || cause instanceof StacSearch.CatalogueException c && !c.retryable()) {
                // catalogue errors are written short and sanitised where they are made (StacSearch)
                status.setPhase(JobPhase.Failed);
                return Observation.degraded(ConditionReason.SelectionRefused, cause.getMessage(), null);
            }
            return Observation.degraded(ConditionReason.CatalogueUnavailable, "STAC search failed, retrying in "
                    + RETRY.toSeconds() + " s: " + cause.getMessage(), RETRY);
        }
        status.setSelection(selection);
        if (selection.getSelected() == 0) {
            status.setPhase(JobPhase.Succeeded);
        }
        return described(selector, selection);
    }

    /**
     * What a frozen selection says, the same on every later reconcile: Ready when it selected nothing (everything
     * done already, or nothing matched), otherwise the counts while the first round opens.
     */
    public static Observation described(SceneSelector selector, SceneSelectionStatus selection) {
        int total = selection.getSelected();
        int superseded = selection.getSuperseded() == null ? 0 : selection.getSuperseded();
        int unservable = selection.getMatched() - selection.getDuplicates() - superseded - total
                - (selection.getSkipped() == null ? 0 : selection.getSkipped());
        String message = "selected " + total + " scenes (" + selection.getMatched() + " items matched, "
                + selection.getDuplicates() + " duplicates, " + (superseded == 0 ? "" : superseded
                        + " older baselines of a datatake, ") + unservable + " without an L1C product id"
                + (selection.getSkipped() == null ? "" : ", " + selection.getSkipped() + " already SUCCEEDED") + ")";
        if (Boolean.TRUE.equals(selector.getSkipExisting()) && selection.getSkipped() == null) {
            message += "; skipExisting: the output's result records could not be read before submission (see the operator's"
                    + " log), the runner skips finished scenes when they run";
        }
        if (total == 0) {
            boolean allDone = selection.getSkipped() != null && selection.getSkipped() > 0;
            return Observation.ready((allDone ? "nothing left to process: " : "the search matched no scene: ") + message);
        }
        return new Observation(Observation.State.PROGRESSING, ConditionReason.ResolvingScenes, message, Duration.ofSeconds(1));
    }

    /** The search, the selection it comes to, and with skipExisting the products already done left out. */
    private SceneSelectionStatus select(SceneSelector selector, Function<List<String>, Optional<Set<String>>> succeeded) {
        StacSearch.Result result = search.apply(selector);
        if (result.overLimit()) {
            throw new OverLimit(overLimit(selector.getLimit(), result.pages()));
        }
        SceneSelectionStatus selection = SceneSelection.of(result, clock.instant(), selector.getSameDatatake());
        selection.setSourceItems(SceneSelection.sourceItems(selector, result.tally()));
        if (selection.getSelected() == 0 && selection.getUnservable() != null) {
            // every item names no L1C product: a Succeeded job with nothing done would hide it
            throw new StacSearch.CatalogueException("none of the " + selection.getMatched() + " items matched names an L1C "
                    + "product id the sources can serve (e.g. " + selection.getUnservable().get(0) + "); is "
                    + selector.getCollection() + " a Sentinel-2 L1C collection whose items carry s2:product_uri or product "
                    + "names as ids?", false, null);
        }
        if (Boolean.TRUE.equals(selector.getSkipExisting())) {
            succeeded.apply(selection.getProducts()).ifPresent(done -> SceneSelection.skip(selection, done));
        }
        return selection;
    }

    /**
     * Why an over-limit selection is refused, and what to do: raise the limit while it is under what one Sen2CorJob
     * holds, else split.
     */
    static String overLimit(int limit, int pages) {
        String matched = "the search matched more than scenes.limit " + limit + " products (stopped reading after " + pages
                + " pages), and nothing was submitted: ";
        if (limit < SceneSelector.MAX_SELECTED) {
            return matched + "narrow the area or time, or create the job with a higher limit (at most "
                    + SceneSelector.MAX_SELECTED + ")";
        }
        return matched + SceneSelector.MAX_SELECTED + " scenes is the most one Sen2CorJob holds: split the selection into "
                + "several jobs, e.g. one per MGRS tile or per month";
    }

    @Override
    public void close() {
        queue.close();
    }
}
