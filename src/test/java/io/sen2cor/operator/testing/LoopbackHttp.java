package io.sen2cor.operator.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/** Small HTTP servers on 127.0.0.1 that tests script (hostile catalogues, traps that count what reaches them). */
public final class LoopbackHttp {

    private LoopbackHttp() {
    }

    /** A started server on a free port of 127.0.0.1, every path answered by {@code handler}, one thread per request. */
    public static HttpServer start(Consumer<HttpExchange> handler) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "loopback-http");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", handler::accept);
        server.start();
        return server;
    }

    public static String url(HttpServer server) {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers JSON (or nothing, for an empty body) and closes the exchange; a client that hung up is fine. */
    public static void answer(HttpExchange ex, int status, String body) {
        try (ex) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                ex.getResponseBody().write(bytes);
            }
        } catch (IOException e) {
            // the client gave up
        }
    }
}
