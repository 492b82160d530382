package io.sen2cor.operator.stac;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.sen2cor.operator.stac.StacSearch.CatalogueException;
import io.sen2cor.operator.validation.TenantPolicy;

/**
 * One HTTP exchange with a catalogue, hardened (docs/security.md): the allowlist checked before every request, no
 * redirects followed, the page's time and size bounded even when its body stops arriving, and error text kept short
 * and free of anything the catalogue could use to reach a tenant's status.
 */
final class CatalogueClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ERROR_TEXT = 200;
    private static final Logger LOG = Logger.getLogger(CatalogueClient.class);
    /** Closes the body of a page that has not arrived in time: Java 17's HttpClient times out only the headers. */
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "stac-page-watchdog");
        t.setDaemon(true);
        return t;
    });

    private final HttpClient http;
    private final StacSearch.Limits limits;
    private final CatalogueAccess access;

    /** @param access which catalogues may be fetched, checked before every request; null: any (tests only) */
    CatalogueClient(StacSearch.Limits limits, CatalogueAccess access) {
        // never follow a redirect: it could lead anywhere the allowlist and the address check did not look at
        this.http = HttpClient.newBuilder().connectTimeout(limits.pageTimeout()).followRedirects(HttpClient.Redirect.NEVER).build();
        this.limits = limits;
        this.access = access;
    }

    /**
     * One request within the page and search deadlines, its body read up to {@code maxPageBytes}. Error text is kept
     * short and free of anything the catalogue could use to reach a tenant's status: the HTTP status, and a STAC API
     * error's own description (cut, one line); connection errors all read alike.
     */
    JsonNode send(HttpRequest.Builder builder, String root, String what, Instant searchDeadline) {
        HttpRequest request = builder.header("Accept", "application/geo+json, application/json").build();
        if (access != null) {
            access.check(request.uri().toString());
        }
        String where = "catalogue " + TenantPolicy.display(root) + " (" + what + ")";
        Duration left = Duration.between(Instant.now(), searchDeadline);
        if (left.isNegative() || left.isZero()) {
            throw new CatalogueException("the search did not finish within " + limits.searchTimeout().toMinutes() + " min", true, null);
        }
        Duration pageTime = left.compareTo(limits.pageTimeout()) < 0 ? left : limits.pageTimeout();
        CompletableFuture<HttpResponse<InputStream>> pending = http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream());
        HttpResponse<InputStream> response;
        try {
            response = pending.get(pageTime.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw new CatalogueException(where + " did not answer within " + pageTime.toSeconds() + " s", true, null);
        } catch (ExecutionException e) {
            LOG.debugf(e.getCause(), "%s: request failed", where);
            throw new CatalogueException(where + " could not be reached", true, null);
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw new CatalogueException("the search was cancelled", true, e);
        }
        byte[] body = read(response.body(), pageTime, where);
        int status = response.statusCode();
        if (status >= 300 && status < 400) {
            throw new CatalogueException(where + " answered with a redirect (HTTP " + status + "), which is not followed: "
                    + "give the catalogue's final URL", false, null);
        }
        if (status >= 400) {
            throw new CatalogueException(where + " answered HTTP " + status + errorText(body), status >= 500 || status == 429, null,
                    status);
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new CatalogueException(where + " answered with something that is not JSON", false, null);
        }
    }

    /**
     * The body, whole, within the page's time and size limit. At the deadline the stream is closed and the reading
     * thread interrupted: a body that stops arriving must not hold a search thread for ever.
     */
    private byte[] read(InputStream in, Duration pageTime, String where) {
        Thread reader = Thread.currentThread();
        AtomicBoolean late = new AtomicBoolean();
        Object lock = new Object();
        boolean[] done = {false};
        ScheduledFuture<?> watchdog = WATCHDOG.schedule(() -> {
            synchronized (lock) {
                if (!done[0]) {
                    late.set(true);
                    closeQuietly(in);
                    reader.interrupt();
                }
            }
        }, pageTime.toMillis(), TimeUnit.MILLISECONDS);
        try (in) {
            byte[] bytes = in.readNBytes(limits.maxPageBytes() + 1);
            if (bytes.length > limits.maxPageBytes()) {
                throw new CatalogueException(where + " answered with more than " + limits.maxPageBytes() / 1024
                        + " KiB in one page", false, null);
            }
            return bytes;
        } catch (IOException e) {
            if (late.get()) {
                throw new CatalogueException(where + " did not send its answer within " + pageTime.toSeconds() + " s", true, null);
            }
            throw new CatalogueException(where + " could not be reached", true, null);
        } finally {
            synchronized (lock) {
                done[0] = true;
            }
            watchdog.cancel(false);
            if (late.get()) {
                Thread.interrupted(); // the watchdog's interrupt was for this read only
            }
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // the reader fails with its own error
        }
    }

    /** ": <description>" of a STAC API error body ({"code", "description"}), one printable line, cut; else nothing. */
    static String errorText(byte[] body) {
        try {
            JsonNode error = JSON.readTree(body);
            String text = error.path("description").asText(error.path("detail").asText(""));
            text = text.replaceAll("[^\\x20-\\x7e]+", " ").replaceAll("[a-z][a-z0-9+.-]*://\\S+", "<url>").strip();
            if (text.isEmpty()) {
                return "";
            }
            return ": " + (text.length() > MAX_ERROR_TEXT ? text.substring(0, MAX_ERROR_TEXT) + "..." : text);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
