package io.sen2cor.operator.stac;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.sen2cor.operator.api.SceneSelector;
import io.sen2cor.operator.testing.LoopbackHttp;

/**
 * A catalogue that attacks the operator, on 127.0.0.1 (docs/security.md, "Catalogues"): redirects and next links to
 * another origin (a trap server that counts what reaches it), bodies dribbled or too large, endless pages, error
 * bodies that carry URLs; and which addresses {@link CatalogueAccess} refuses.
 */
class HostileCatalogueTest {

    static final String LANDING = "{\"conformsTo\":[\"https://api.stacspec.org/v1.0.0/item-search\"],\"links\":[]}";

    HttpServer catalogue;
    HttpServer trap;
    final List<String> trapped = new CopyOnWriteArrayList<>();
    Consumer<HttpExchange> search;
    Consumer<HttpExchange> landing = ex -> answer(ex, 200, LANDING);

    @BeforeEach
    void start() throws IOException {
        trap = LoopbackHttp.start(ex -> {
            trapped.add(ex.getRequestMethod() + " " + ex.getRequestURI());
            answer(ex, 200, LANDING);
        });
        catalogue = LoopbackHttp.start(ex -> {
            if (ex.getRequestURI().getPath().endsWith("/search")) {
                search.accept(ex);
            } else {
                landing.accept(ex);
            }
        });
    }

    @AfterEach
    void stop() {
        catalogue.stop(0);
        trap.stop(0);
    }

    String root() {
        return "http://127.0.0.1:" + catalogue.getAddress().getPort();
    }

    String trapUrl() {
        return "http://127.0.0.1:" + trap.getAddress().getPort();
    }

    static void answer(HttpExchange ex, int status, String body) {
        LoopbackHttp.answer(ex, status, body);
    }

    SceneSelector selector() {
        SceneSelector s = new SceneSelector();
        s.setCatalog(root());
        s.setBbox(List.of(36.0, 0.0, 37.0, 1.0));
        s.setDatetime("2019-01-01T00:00:00Z/2019-01-31T23:59:59Z");
        return s;
    }

    StacSearch search(Duration page, int maxBytes, int maxPages) {
        return new StacSearch(new StacSearch.Limits(10, page, Duration.ofSeconds(30), maxBytes, maxPages), null, true);
    }

    @Test
    void aRedirectIsNotFollowedAndItsTargetNotEchoed() {
        landing = ex -> {
            ex.getResponseHeaders().add("Location", trapUrl() + "/internal-admin");
            answer(ex, 302, "");
        };
        assertThatThrownBy(() -> search(Duration.ofSeconds(5), 1 << 20, 10).search(selector()))
                .hasMessageContaining("redirect (HTTP 302)").hasMessageNotContaining("internal-admin");
        assertThat(trapped).isEmpty();
    }

    @Test
    void aNextLinkToAnotherOriginIsNotFollowedNorItsBodySent() {
        search = ex -> answer(ex, 200, "{\"features\":[{\"id\":\"x\"}],\"links\":[{\"rel\":\"next\",\"href\":\"" + trapUrl()
                + "/api/v1/delete-everything\",\"method\":\"POST\",\"body\":{\"confirm\":true}}]}");
        assertThatThrownBy(() -> search(Duration.ofSeconds(5), 1 << 20, 10).search(selector()))
                .hasMessageContaining("next link leaves " + root());
        assertThat(trapped).isEmpty();
    }

    @Test
    void aDribbledBodyTimesOutWithinThePageTime() {
        search = ex -> {
            try (ex) {
                ex.sendResponseHeaders(200, 0);
                OutputStream out = ex.getResponseBody();
                for (int i = 0; i < 600; i++) {
                    out.write(' ');
                    out.flush();
                    Thread.sleep(100);
                }
            } catch (IOException | InterruptedException e) {
                // the operator hung up, as it should
            }
        };
        long start = System.nanoTime();
        assertThatThrownBy(() -> search(Duration.ofSeconds(2), 1 << 20, 10).search(selector()))
                .isInstanceOfSatisfying(StacSearch.CatalogueException.class, e -> assertThat(e.retryable()).isTrue())
                .hasMessageContaining("did not send its answer within 2 s");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));

        search = ex -> {
            try (ex) {
                ex.sendResponseHeaders(200, 0);
                ex.getResponseBody().flush();
                Thread.sleep(60_000);
            } catch (IOException | InterruptedException e) {
                // stopped with the server
            }
        };
        long silent = System.nanoTime();
        assertThatThrownBy(() -> search(Duration.ofSeconds(2), 1 << 20, 10).search(selector()))
                .as("headers, then silence").hasMessageContaining("did not send its answer within 2 s");
        assertThat(Duration.ofNanos(System.nanoTime() - silent)).isLessThan(Duration.ofSeconds(10));
        assertThat(Thread.currentThread().isInterrupted()).as("the watchdog's interrupt does not leak").isFalse();
    }

    @Test
    void aPageLargerThanTheCapIsRefused() {
        search = ex -> answer(ex, 200, "{\"features\":[],\"pad\":\"" + "x".repeat(300_000) + "\"}");
        assertThatThrownBy(() -> search(Duration.ofSeconds(5), 100_000, 10).search(selector()))
                .isInstanceOfSatisfying(StacSearch.CatalogueException.class, e -> assertThat(e.retryable()).isFalse())
                .hasMessageContaining("in one page");
    }

    @Test
    void endlessPagesOfUnservableItemsStopAtThePageCap() {
        int[] page = {0};
        search = ex -> answer(ex, 200, "{\"features\":[{\"id\":\"junk-" + page[0] + "\"}],\"links\":[{\"rel\":\"next\",\"href\":\""
                + root() + "/search?page=" + (++page[0]) + "\",\"method\":\"GET\"}]}");
        assertThatThrownBy(() -> search(Duration.ofSeconds(5), 1 << 20, 25).search(selector()))
                .hasMessageContaining("read 25 pages without finishing");
        assertThat(page[0]).isEqualTo(25);
    }

    @Test
    void errorTextIsShortOneLineAndWithoutUrls() {
        search = ex -> answer(ex, 400, "{\"code\":\"BadRequest\",\"description\":\"cannot reach http://10.0.0.7:5432/admin\\n"
                + "x".repeat(1000) + "\"}");
        assertThatThrownBy(() -> search(Duration.ofSeconds(5), 1 << 20, 10).search(selector()))
                .satisfies(e -> {
                    assertThat(e.getMessage()).contains("answered HTTP 400: cannot reach <url>").doesNotContain("10.0.0.7")
                            .doesNotContain("\n");
                    assertThat(e.getMessage().length()).isLessThan(320);
                });
        search = ex -> answer(ex, 500, "<html>stack trace of an internal service</html>");
        assertThatThrownBy(() -> search(Duration.ofSeconds(5), 1 << 20, 10).search(selector()))
                .hasMessageEndingWith("answered HTTP 500").hasMessageNotContaining("stack trace");
    }

    @Test
    void addressesThatAreNotPublicAreRefusedUnlessTheRootIsAllowedPrivate() throws UnknownHostException {
        for (String address : List.of("127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "169.254.170.23",
                "100.64.0.10", "0.0.0.0", "::1", "fd00:ec2::254", "fe80::1", "::ffff:10.0.0.1", "64:ff9b::a00:1", "198.18.0.1")) {
            assertThat(CatalogueAccess.isPublic(InetAddress.getByName(address))).as(address).isFalse();
        }
        for (String address : List.of("8.8.8.8", "52.95.110.1", "2a00:1450:4001::1", "::ffff:8.8.8.8")) {
            assertThat(CatalogueAccess.isPublic(InetAddress.getByName(address))).as(address).isTrue();
        }
        Map<String, String> dns = Map.of("stac.example.com", "10.0.0.5", "earth-search.example.com", "52.95.110.1");
        CatalogueAccess.Resolver resolver = host -> new InetAddress[] {InetAddress.getByName(dns.get(host))};
        CatalogueAccess access = new CatalogueAccess(List.of("https://stac.example.com", "https://earth-search.example.com/v1"),
                List.of(), resolver);
        assertThatThrownBy(() -> access.check("https://stac.example.com/search"))
                .hasMessage("catalogue https://stac.example.com/search" + CatalogueAccess.REFUSED);
        assertThatThrownBy(() -> access.check("https://elsewhere.example.com/v1"))
                .as("not allowed at all: the same words").hasMessage("catalogue https://elsewhere.example.com/v1" + CatalogueAccess.REFUSED);
        access.check("https://earth-search.example.com/v1/search");
        new CatalogueAccess(List.of("https://stac.example.com"), List.of("https://stac.example.com"), resolver)
                .check("https://stac.example.com/search");
    }

    @Test
    void theAddressCheckRunsBeforeEveryRequestAndSendsNothingWhenItRefuses() {
        CatalogueAccess access = new CatalogueAccess(List.of(trapUrl()), List.of(), InetAddress::getAllByName);
        SceneSelector s = selector();
        s.setCatalog(trapUrl());
        assertThatThrownBy(() -> new StacSearch(StacSearch.Limits.of(10, Duration.ofSeconds(5)), access, true).search(s))
                .hasMessageContaining(CatalogueAccess.REFUSED);
        assertThat(trapped).isEmpty();
    }
}
