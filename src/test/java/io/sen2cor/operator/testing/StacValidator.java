package io.sen2cor.operator.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * stac-validator 4.1 (PyPI, in the STAC venv of src/scripts/stac-server.sh) on one file, offline: every schema the
 * items and collections here use is mapped to a local copy (src/test/resources/stac/schemas, sources in its
 * SOURCES.md), and as root it runs in a network namespace of its own with no interface up, so nothing can be fetched.
 */
public final class StacValidator {

    private static final Path SCHEMAS = Projects.dir().resolve("src/test/resources/stac/schemas/schema-config.yaml");
    private static String executable;

    private StacValidator() {
    }

    /** Exit code 0 and "valid_stac": true in the output when the file is valid STAC. */
    public static Command.Result validate(Path file) {
        List<String> command = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("unshare", "-n"));
        }
        command.addAll(List.of(executable(), "validate", "--schema-config", SCHEMAS.toString(), file.toString()));
        return Command.run(command, Map.of(), 120);
    }

    private static synchronized String executable() {
        if (executable == null) {
            Command.Result r = Command.run(List.of("bash", Projects.dir().resolve("src/scripts/stac-server.sh").toString(),
                    "validator"), Map.of(), 600);
            if (r.exitCode() != 0) {
                throw new IllegalStateException("stac-server.sh validator failed: " + r.output());
            }
            List<String> lines = r.output().strip().lines().toList();
            executable = lines.get(lines.size() - 1);
        }
        return executable;
    }
}
