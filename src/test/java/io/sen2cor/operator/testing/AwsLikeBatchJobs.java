package io.sen2cor.operator.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * AWS Batch's job calls (SubmitJob, DescribeJobs, ListJobs, CancelJob, TerminateJob) answered from memory, in the
 * shapes of AWS's REST-JSON protocol, for the benchmark's AWS-like endpoint (docs/benchmark.md): moto answers
 * SubmitJob in about 700 ms, one at a time, which hid the operator's own costs. Answers here take no time of their
 * own (the proxy adds the latency); SubmitJob keeps AWS's per-account quota of 50 calls a second as a token bucket
 * and refuses the excess as AWS does (HTTP 429 TooManyRequestsException). A job is RUNNABLE for {@code queuedMillis},
 * RUNNING until {@code runMillis}, then SUCCEEDED with all its array children. A simulation for measurements; the
 * operator's AWS path is tested against moto and AWS's service model.
 */
public final class AwsLikeBatchJobs {

    /** An answer: HTTP status and JSON body. */
    public record Answer(int status, String json) {
    }

    private record Job(String id, String name, String queue, String definition, int size, long createdAt,
            String cancelReason, boolean cancelled) {
        Job stopped(String reason, boolean cancel) {
            return new Job(id, name, queue, definition, size, createdAt, reason, cancel);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> STATES = List.of("SUBMITTED", "PENDING", "RUNNABLE", "STARTING", "RUNNING", "SUCCEEDED",
            "FAILED");

    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final long queuedMillis;
    private final long runMillis;
    private final double submitPerSecond;
    private final double submitBurst;
    private double tokens;
    private long refilledAt = System.nanoTime();
    /** SubmitJob calls refused for the quota. */
    public final AtomicLong throttled = new AtomicLong();

    /**
     * @param submitPerSecond SubmitJob's quota (AWS: 50 per second per account)
     * @param submitBurst     how many SubmitJob calls the bucket holds (AWS does not publish it; 50 is one second's worth)
     */
    public AwsLikeBatchJobs(long queuedMillis, long runMillis, double submitPerSecond, int submitBurst) {
        this.queuedMillis = queuedMillis;
        this.runMillis = runMillis;
        this.submitPerSecond = submitPerSecond;
        this.submitBurst = submitBurst;
        this.tokens = submitBurst;
    }

    /** The answer to an AWS Batch call (operation: the path's last segment, lower case), or empty: not one of these. */
    public Optional<Answer> answer(String operation, String body) {
        try {
            JsonNode request = body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
            return Optional.ofNullable(switch (operation) {
                case "submitjob" -> submit(request);
                case "describejobs" -> describe(request);
                case "listjobs" -> list(request);
                case "canceljob" -> stop(request, true);
                case "terminatejob" -> stop(request, false);
                default -> null;
            });
        } catch (java.io.IOException e) {
            return Optional.of(clientException("could not read the request: " + e.getMessage()));
        }
    }

    private Answer submit(JsonNode request) {
        if (!takeSubmitToken()) {
            throttled.incrementAndGet();
            return new Answer(429, "{\"__type\":\"TooManyRequestsException\",\"message\":\"Too Many Requests\"}");
        }
        String name = request.path("jobName").asText();
        if (name.isEmpty() || !request.hasNonNull("jobQueue") || !request.hasNonNull("jobDefinition")) {
            return clientException("jobName, jobQueue and jobDefinition are required");
        }
        int size = request.path("arrayProperties").path("size").asInt(0);
        Job job = new Job(UUID.randomUUID().toString(), name, request.get("jobQueue").asText(), request.get("jobDefinition").asText(),
                size, System.currentTimeMillis(), null, false);
        jobs.put(job.id(), job);
        return new Answer(200, JSON.createObjectNode().put("jobArn", arn(job.id())).put("jobName", name).put("jobId", job.id())
                .toString());
    }

    private synchronized boolean takeSubmitToken() {
        long now = System.nanoTime();
        tokens = Math.min(submitBurst, tokens + (now - refilledAt) * submitPerSecond / TimeUnit.SECONDS.toNanos(1));
        refilledAt = now;
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }

    private Answer describe(JsonNode request) {
        if (request.path("jobs").size() > 100) {
            return clientException("jobs: at most 100 ids per call");
        }
        long now = System.currentTimeMillis();
        ArrayNode out = JSON.createArrayNode();
        for (JsonNode id : request.path("jobs")) {
            String[] parts = id.asText().split(":", 2);
            Job job = jobs.get(parts[0]);
            if (job != null) {
                out.add(detail(job, parts.length == 2 ? Integer.parseInt(parts[1]) : -1, now));
            }
        }
        ObjectNode answer = JSON.createObjectNode();
        answer.set("jobs", out);
        return new Answer(200, answer.toString());
    }

    private ObjectNode detail(Job job, int index, long now) {
        String status = status(job, now);
        ObjectNode d = JSON.createObjectNode();
        String id = index < 0 ? job.id() : job.id() + ":" + index;
        d.put("jobArn", arn(id)).put("jobName", job.name()).put("jobId", id).put("jobQueue", job.queue()).put("status", status)
                .put("createdAt", job.createdAt()).put("jobDefinition", job.definition());
        if (job.cancelReason() != null) {
            d.put("statusReason", job.cancelReason());
            if (job.cancelled()) {
                d.put("isCancelled", true);
            }
        } else if (status.equals("SUCCEEDED")) {
            d.put("statusReason", "Essential container in task exited");
        }
        if (now >= job.createdAt() + queuedMillis && job.cancelReason() == null) {
            d.put("startedAt", job.createdAt() + queuedMillis);
        }
        if (status.equals("SUCCEEDED") || status.equals("FAILED")) {
            d.put("stoppedAt", Math.min(now, job.createdAt() + runMillis));
        }
        d.putArray("attempts");
        d.putArray("dependsOn");
        if (job.size() > 0) {
            ObjectNode array = d.putObject("arrayProperties");
            if (index >= 0) {
                array.put("index", index);
            } else {
                array.put("size", job.size());
                ObjectNode summary = array.putObject("statusSummary");
                STATES.forEach(s -> summary.put(s, s.equals(status) ? job.size() : 0));
                array.put("statusSummaryLastUpdatedAt", now);
            }
        }
        return d;
    }

    private String status(Job job, long now) {
        if (job.cancelReason() != null) {
            return "FAILED";
        }
        long age = now - job.createdAt();
        return age < queuedMillis ? "RUNNABLE" : age < runMillis ? "RUNNING" : "SUCCEEDED";
    }

    /** ListJobs as AWS filters it: an array's children by status, or a queue's jobs by status or by JOB_NAME. */
    private Answer list(JsonNode request) {
        long now = System.currentTimeMillis();
        String wanted = request.path("jobStatus").asText("RUNNING");
        List<ObjectNode> found = new ArrayList<>();
        if (request.hasNonNull("arrayJobId")) {
            Job parent = jobs.get(request.get("arrayJobId").asText());
            if (parent != null && status(parent, now).equals(wanted)) {
                for (int i = 0; i < parent.size(); i++) {
                    found.add(summary(parent, i, now));
                }
            }
        } else {
            String queue = request.path("jobQueue").asText();
            String byName = null;
            for (JsonNode filter : request.path("filters")) {
                if (filter.path("name").asText().equals("JOB_NAME")) {
                    byName = filter.path("values").path(0).asText();
                }
            }
            for (Job job : jobs.values()) {
                boolean named = byName == null ? status(job, now).equals(wanted)
                        : byName.endsWith("*") ? job.name().startsWith(byName.substring(0, byName.length() - 1)) : job.name().equals(byName);
                if (named && (queue.isEmpty() || queue.equals(job.queue()))) {
                    found.add(summary(job, -1, now));
                }
            }
        }
        int from = request.hasNonNull("nextToken") ? Integer.parseInt(request.get("nextToken").asText()) : 0;
        int max = request.path("maxResults").asInt(100);
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode page = answer.putArray("jobSummaryList");
        found.stream().skip(from).limit(max).forEach(page::add);
        if (from + max < found.size()) {
            answer.put("nextToken", String.valueOf(from + max));
        }
        return new Answer(200, answer.toString());
    }

    private ObjectNode summary(Job job, int index, long now) {
        ObjectNode full = detail(job, index, now);
        ObjectNode s = JSON.createObjectNode();
        for (String field : List.of("jobArn", "jobId", "jobName", "createdAt", "status", "statusReason", "startedAt", "stoppedAt",
                "jobDefinition")) {
            if (full.has(field)) {
                s.set(field, full.get(field));
            }
        }
        if (job.size() > 0 && index < 0) {
            s.putObject("arrayProperties").put("size", job.size());
        }
        return s;
    }

    private Answer stop(JsonNode request, boolean cancel) {
        String id = request.path("jobId").asText();
        String reason = request.path("reason").asText();
        if (id.isEmpty() || reason.isEmpty()) {
            return clientException("jobId and reason are required");
        }
        jobs.computeIfPresent(id, (k, job) -> {
            String status = status(job, System.currentTimeMillis());
            boolean terminal = status.equals("SUCCEEDED") || status.equals("FAILED");
            // CancelJob acts on jobs that have not started; TerminateJob on running ones too
            return terminal || cancel && status.equals("RUNNING") ? job : job.stopped(reason, cancel);
        });
        return new Answer(200, "{}");
    }

    private static Answer clientException(String message) {
        return new Answer(400, JSON.createObjectNode().put("__type", "ClientException").put("message", message).toString());
    }

    private static String arn(String id) {
        return "arn:aws:batch:eu-central-1:123456789012:job/" + id;
    }
}
