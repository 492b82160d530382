package io.sen2cor.operator.testing.awsmodel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * AWS Batch limits that the service model states only in prose (its shapes say plain String, Integer or an
 * unbounded list) and that AWS enforces: names, tag sizes, list sizes, minimum timeouts, retry attempts,
 * reserved environment variable names. Each rule cites the member documentation it comes from.
 */
final class DocumentedLimits {

    /** "It can be up to 128 letters long ... uppercase and lowercase letters, numbers, hyphens, and underscores". */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,128}");
    /** SubmitJob jobName: "The first character must be alphanumeric, can be up to 128 letters long". */
    private static final Pattern JOB_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,127}");

    private DocumentedLimits() {
    }

    static List<String> violations(String service, String operation, Map<String, Object> request) {
        List<String> found = new ArrayList<>();
        if (!service.equals("batch")) {
            return found;
        }
        switch (operation) {
            case "CreateComputeEnvironment" -> {
                name(request, "computeEnvironmentName", NAME, found);
                ec2Tags(get(request, "computeResources", "tags"), operation + ".computeResources.tags", found);
            }
            case "UpdateComputeEnvironment" -> {
                Object resources = request.get("computeResources");
                if (resources instanceof Map<?, ?> update && update.isEmpty()) {
                    // "at least one compute-resources attribute must be specified" (the AWS answer Terraform met)
                    found.add(operation + ".computeResources: an empty computeResources is refused by AWS");
                }
            }
            case "CreateJobQueue" -> name(request, "jobQueueName", NAME, found);
            case "RegisterJobDefinition" -> {
                name(request, "jobDefinitionName", NAME, found);
                timeout(request, operation, found);
                attempts(request, operation, found);
                environment(get(request, "containerProperties", "environment"), operation + ".containerProperties", found);
            }
            case "SubmitJob" -> {
                name(request, "jobName", JOB_NAME, found);
                timeout(request, operation, found);
                attempts(request, operation, found);
                environment(get(request, "containerOverrides", "environment"), operation + ".containerOverrides", found);
                Object size = get(request, "arrayProperties", "size");
                if (size instanceof Number n && (n.intValue() < 2 || n.intValue() > 10_000)) {
                    found.add(operation + ".arrayProperties.size: " + n + " is outside 2-10,000");
                }
            }
            case "DescribeJobs" -> count(request.get("jobs"), 100, operation + ".jobs", found);
            case "DescribeComputeEnvironments" -> {
                count(request.get("computeEnvironments"), 100, operation + ".computeEnvironments", found);
                range(request.get("maxResults"), 1, 100, operation + ".maxResults", found);
            }
            case "DescribeJobQueues" -> {
                count(request.get("jobQueues"), 100, operation + ".jobQueues", found);
                range(request.get("maxResults"), 1, 100, operation + ".maxResults", found);
            }
            case "DescribeJobDefinitions" -> {
                count(request.get("jobDefinitions"), 100, operation + ".jobDefinitions", found);
                range(request.get("maxResults"), 1, 100, operation + ".maxResults", found);
            }
            case "ListJobs" -> range(request.get("maxResults"), 1, 1000, operation + ".maxResults", found);
            default -> {
            }
        }
        return found;
    }

    private static void name(Map<String, Object> request, String member, Pattern pattern, List<String> found) {
        Object value = request.get(member);
        if (value instanceof String text && !pattern.matcher(text).matches()) {
            found.add(member + ": '" + text + "' is not up to 128 letters, numbers, hyphens and underscores"
                    + (pattern == JOB_NAME ? " starting with a letter or number" : ""));
        }
    }

    /** "The minimum value for the timeout is 60 seconds." */
    private static void timeout(Map<String, Object> request, String operation, List<String> found) {
        Object seconds = get(request, "timeout", "attemptDurationSeconds");
        if (seconds instanceof Number n && n.longValue() < 60) {
            found.add(operation + ".timeout.attemptDurationSeconds: " + n + " is below AWS Batch's minimum of 60");
        }
    }

    /** retryStrategy.attempts: "You can specify between 1 and 10 attempts." */
    private static void attempts(Map<String, Object> request, String operation, List<String> found) {
        range(get(request, "retryStrategy", "attempts"), 1, 10, operation + ".retryStrategy.attempts", found);
    }

    /** "Environment variables cannot start with AWS_BATCH. This naming convention is reserved." */
    private static void environment(Object variables, String path, List<String> found) {
        if (variables instanceof List<?> list) {
            for (Object variable : list) {
                Object name = variable instanceof Map<?, ?> m ? m.get("name") : null;
                if (name instanceof String text && text.startsWith("AWS_BATCH")) {
                    found.add(path + ".environment: " + text + " uses the reserved AWS_BATCH prefix");
                }
            }
        }
    }

    /** EC2 tags on the instances: keys 1-128 characters, values up to 256, no aws: prefix, at most 50. */
    private static void ec2Tags(Object tags, String path, List<String> found) {
        if (!(tags instanceof Map<?, ?> map)) {
            return;
        }
        if (map.size() > 50) {
            found.add(path + ": " + map.size() + " tags, EC2 allows 50");
        }
        map.forEach((k, v) -> {
            String key = String.valueOf(k);
            if (key.isEmpty() || key.length() > 128 || key.toLowerCase().startsWith("aws:")) {
                found.add(path + " key '" + key + "': 1-128 characters and no aws: prefix");
            }
            if (String.valueOf(v).length() > 256) {
                found.add(path + "[" + key + "]: value longer than 256 characters");
            }
        });
    }

    private static void count(Object list, int max, String path, List<String> found) {
        if (list instanceof List<?> items && items.size() > max) {
            found.add(path + ": " + items.size() + " items, AWS takes at most " + max);
        }
    }

    private static void range(Object value, long min, long max, String path, List<String> found) {
        if (value instanceof Number n && (n.longValue() < min || n.longValue() > max)) {
            found.add(path + ": " + n + " is outside " + min + "-" + max);
        }
    }

    private static Object get(Map<String, Object> request, String... path) {
        Object current = request;
        for (String step : path) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(step);
        }
        return current;
    }
}
