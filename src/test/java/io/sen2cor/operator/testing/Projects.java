package io.sen2cor.operator.testing;

import java.nio.file.Path;

/** Locations inside the repository, as passed by the Maven build. */
public final class Projects {

    private Projects() {
    }

    public static Path dir() {
        return Path.of(System.getProperty("test.sen2cor.project.dir", ".")).toAbsolutePath();
    }
}
