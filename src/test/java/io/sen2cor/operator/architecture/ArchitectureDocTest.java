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

import io.sen2cor.operator.backend.JobActions;
import io.sen2cor.operator.backend.JobObserver;
import io.sen2cor.operator.testing.Projects;

/** docs/architecture.md stays true where it can be checked: each ports table names every method of its port. */
class ArchitectureDocTest {

    @Test
    void theObserveTableNamesExactlyTheMethodsOfJobObserver() throws IOException {
        assertThat(documented("**Observe: `backend/JobObserver`.**")).as("the Observe table of docs/architecture.md")
                .isEqualTo(declared(JobObserver.class));
    }

    @Test
    void theActTableNamesExactlyTheMethodsOfJobActions() throws IOException {
        assertThat(documented("**Act: `backend/JobActions`.**")).as("the Act table of docs/architecture.md")
                .isEqualTo(declared(JobActions.class));
    }

    /** The method names in the first column of the table that follows {@code heading}. */
    private static Set<String> documented(String heading) throws IOException {
        String doc = Files.readString(Projects.dir().resolve("docs/architecture.md"));
        int at = doc.indexOf(heading);
        assertThat(at).as(heading + " in docs/architecture.md").isNotNegative();
        String from = doc.substring(doc.indexOf("| method |", at));
        Set<String> names = new TreeSet<>();
        for (String row : from.lines().takeWhile(l -> l.startsWith("|")).skip(2).toList()) {
            Matcher name = Pattern.compile("`([a-zA-Z]+)`").matcher(row.substring(0, row.indexOf('|', 1)));
            while (name.find()) {
                names.add(name.group(1));
            }
        }
        return names;
    }

    private static Set<String> declared(Class<?> port) {
        Set<String> names = new TreeSet<>();
        Arrays.stream(port.getDeclaredMethods()).filter(m -> !m.isSynthetic() && !Modifier.isStatic(m.getModifiers()))
                .map(Method::getName).forEach(names::add);
        return names;
    }
}
