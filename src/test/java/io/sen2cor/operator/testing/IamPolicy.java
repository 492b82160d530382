package io.sen2cor.operator.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import software.amazon.awssdk.core.SdkRequest;

/** src/main/aws/iam-policy-operator.json, the minimal policy the README documents, and the actions it allows. */
public final class IamPolicy {

    public static final Path FILE = Projects.dir().resolve("src/main/aws/iam-policy-operator.json");

    private IamPolicy() {
    }

    public static Set<String> allowedActions() {
        try {
            JsonNode policy = new ObjectMapper().readTree(Files.readString(FILE));
            Set<String> actions = new TreeSet<>();
            for (JsonNode statement : policy.get("Statement")) {
                JsonNode action = statement.get("Action");
                if (action.isArray()) {
                    StreamSupport.stream(action.spliterator(), false).forEach(a -> actions.add(a.asText()));
                } else {
                    actions.add(action.asText());
                }
            }
            return actions;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** "batch:CreateComputeEnvironment" for a CreateComputeEnvironmentRequest of the Batch SDK. */
    public static String action(SdkRequest request) {
        String pkg = request.getClass().getPackageName(); // software.amazon.awssdk.services.<service>.model
        String service = pkg.split("\\.")[4].toLowerCase(Locale.ROOT);
        String name = request.getClass().getSimpleName().replaceFirst("Request$", "");
        return service + ":" + name;
    }

    /** Actions the requests needed that the policy does not allow; empty when it covers them all. */
    public static List<String> missing(Collection<SdkRequest> requests) {
        Set<String> allowed = allowedActions();
        return requests.stream().map(IamPolicy::action).distinct().filter(a -> !allowed.contains(a)).sorted().toList();
    }
}
