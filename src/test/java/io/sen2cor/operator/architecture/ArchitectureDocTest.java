package io.sen2cor.operator.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.sen2cor.operator.backend.JobBackend;
import io.sen2cor.operator.testing.Projects;

/** docs/architecture.md stays true where it can be checked: the ports table names every method of the port. */
class ArchitectureDocTest {

    @Test
    void thePortsTableNamesExactlyTheMethodsOfJobBackend() throws IOException {
        String doc = Files.readString(Projects.dir().resolve("docs/architecture.md"));
        String table = doc.substring(doc.indexOf("| method | AWS Batch | Kubernetes |"), doc.indexOf("`ArchitectureDocTest` keeps"));
        Set<String> documented = new TreeSet<>();
        for (String row : table.lines().skip(2).filter(l -> l.startsWith("|")).toList()) {
            Matcher names = Pattern.compile("`([a-zA-Z]+)`").matcher(row.substring(0, row.indexOf('|', 1)));
            while (names.find()) {
                documented.add(names.group(1));
            }
        }
        Set<String> declared = new TreeSet<>();
        Arrays.stream(JobBackend.class.getDeclaredMethods()).filter(m -> !m.isSynthetic() && !Modifier.isStatic(m.getModifiers()))
                .map(Method::getName).forEach(declared::add);
        assertThat(documented).as("methods in the docs/architecture.md ports table").isEqualTo(declared);
    }
}
