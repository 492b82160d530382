package io.sen2cor.operator.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A real STAC API on 127.0.0.1 (src/scripts/stac-server.sh): stac-fastapi-pgstac 7.2 on pgstac 0.10 in a fresh
 * PostgreSQL 15 cluster with PostGIS, items loaded with pypgstac as a catalogue operator would. Not a stub: paging,
 * the query and filter extensions and geometry search are the server's own.
 */
public final class StacServer implements AutoCloseable {

    private static final Path SCRIPT = Projects.dir().resolve("src/scripts/stac-server.sh");

    private final Path dir;
    private final Path venv;
    private final int pgPort;
    private final URI endpoint;

    private StacServer(Path dir, Path venv, int pgPort, URI endpoint) {
        this.dir = dir;
        this.venv = venv;
        this.pgPort = pgPort;
        this.endpoint = endpoint;
    }

    public static StacServer start(Path dir) {
        int pgPort = MotoServer.freePort();
        int apiPort = MotoServer.freePort();
        Command.Result r = Command.run(List.of("bash", SCRIPT.toString(), "start", dir.toString(), String.valueOf(pgPort),
                String.valueOf(apiPort)), Map.of(), 600);
        if (r.exitCode() != 0) {
            throw new IllegalStateException("stac-server.sh start failed (" + r.exitCode() + "): " + r.output());
        }
        List<String> lines = r.output().strip().lines().toList();
        return new StacServer(dir, Path.of(lines.get(lines.size() - 1)), pgPort, URI.create("http://127.0.0.1:" + apiPort));
    }

    public URI endpoint() {
        return endpoint;
    }

    /** Loads a collection (one JSON file) and items (JSON files, one item each) with pypgstac, upserting. */
    public void load(Path collection, List<Path> items) {
        try {
            Path ndjson = dir.resolve("items-" + System.nanoTime() + ".ndjson");
            StringBuilder lines = new StringBuilder();
            for (Path item : items) {
                lines.append(Json.compact(Files.readString(item))).append('\n');
            }
            Files.writeString(ndjson, lines);
            pypgstac("load", "collections", collection.toString(), "--method", "upsert");
            pypgstac("load", "items", ndjson.toString(), "--method", "upsert");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Loads a collection (one JSON file) with pypgstac, upserting: a catalogue that has it, without items yet. */
    public void loadCollection(Path collection) {
        pypgstac("load", "collections", collection.toString(), "--method", "upsert");
    }

    private void pypgstac(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of(venv.resolve("bin/pypgstac").toString()));
        command.addAll(List.of(args));
        Command.Result r = Command.run(command, Map.of("PGHOST", "127.0.0.1", "PGPORT", String.valueOf(pgPort), "PGUSER", "postgres",
                "PGPASSWORD", "unused", "PGDATABASE", "stac"), 300);
        if (r.exitCode() != 0) {
            throw new IllegalStateException("pypgstac " + String.join(" ", args) + " failed: " + r.output());
        }
    }

    @Override
    public void close() {
        Command.run(List.of("bash", SCRIPT.toString(), "stop", dir.toString()), Map.of(), 60);
    }

    /** Minimal JSON compaction for ndjson: one item per line. */
    static final class Json {
        private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER = new com.fasterxml.jackson.databind.ObjectMapper();

        static String compact(String json) throws IOException {
            return MAPPER.writeValueAsString(MAPPER.readTree(json));
        }
    }
}
