package io.flinkrw.e2e.testutils;

import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.testutils.CommonTestUtils;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The REST API of a Flink cluster, as a test uses it: job states (awaited with a deadline), job
 * failures, checkpoints, TaskManagers and their stdout, and jar upload and run.
 */
public final class FlinkRestClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

    private final String baseUrl;
    private final HttpClient http;

    public FlinkRestClient(String baseUrl) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    public String baseUrl() {
        return baseUrl;
    }

    // ------------------------------------------------------------------------------------------
    // Generic access
    // ------------------------------------------------------------------------------------------

    /** GETs {@code path} (e.g. {@code /overview}) and parses the JSON answer; fails on non-2xx. */
    public JsonNode get(String path) {
        HttpResponse<String> response = send(request(path).GET().build());
        return parse(path, checkOk(path, response));
    }

    /** GETs {@code path} as text, e.g. a TaskManager's stdout; fails on non-2xx. */
    public String getText(String path) {
        return checkOk(path, send(request(path).GET().build()));
    }

    // ------------------------------------------------------------------------------------------
    // Cluster
    // ------------------------------------------------------------------------------------------

    /** Whether the REST endpoint answers and shows {@code taskManagers} and their slots. */
    public boolean hasTaskManagers(Set<String> taskManagerIds, int slotsTotal) {
        HttpResponse<String> response;
        try {
            response =
                    http.send(
                            request("/taskmanagers").GET().timeout(Duration.ofSeconds(5)).build(),
                            HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
        if (response.statusCode() != 200) {
            return false;
        }
        Set<String> registered = new LinkedHashSet<>();
        int slots = 0;
        for (JsonNode tm : parse("/taskmanagers", response.body()).path("taskmanagers")) {
            if (taskManagerIds.contains(tm.path("id").asText())) {
                registered.add(tm.path("id").asText());
                slots += tm.path("slotsNumber").asInt();
            }
        }
        return registered.equals(taskManagerIds) && slots == slotsTotal;
    }

    /** What a TaskManager wrote to stdout, e.g. the {@code print} sink's rows. */
    public String taskManagerStdout(String taskManagerId) {
        return getText("/taskmanagers/" + taskManagerId + "/stdout");
    }

    // ------------------------------------------------------------------------------------------
    // Jobs
    // ------------------------------------------------------------------------------------------

    /** A job as {@code /jobs/overview} lists it. */
    public record JobOverview(JobID id, String name, JobStatus state) {}

    /** A failure from the job's exception history. */
    public record JobFailure(String exceptionName, String stacktrace, String taskManagerId) {}

    /** Every job the cluster knows. */
    public List<JobOverview> jobs() {
        List<JobOverview> jobs = new ArrayList<>();
        for (JsonNode job : get("/jobs/overview").path("jobs")) {
            jobs.add(
                    new JobOverview(
                            JobID.fromHexString(job.path("jid").asText()),
                            job.path("name").asText(),
                            JobStatus.valueOf(job.path("state").asText())));
        }
        return jobs;
    }

    /** The job's state; fails when the cluster does not know the job. */
    public JobStatus jobStatus(JobID job) {
        JobStatus status = jobStatusIfKnown(job);
        if (status == null) {
            throw new IllegalStateException("The cluster does not know job " + job);
        }
        return status;
    }

    private JobStatus jobStatusIfKnown(JobID job) {
        String path = "/jobs/" + job;
        HttpResponse<String> response = send(request(path).GET().build());
        if (response.statusCode() == 404) {
            return null;
        }
        return JobStatus.valueOf(parse(path, checkOk(path, response)).path("state").asText());
    }

    /**
     * Waits until the job is in {@code expected}. Fails at once, with the job's failures, when the
     * job ends in another state, and when {@code timeout} passes first.
     */
    public void awaitJobStatus(JobID job, JobStatus expected, Duration timeout) {
        AtomicReference<JobStatus> last = new AtomicReference<>();
        try {
            CommonTestUtils.waitUtil(
                    () -> {
                        JobStatus status = jobStatusIfKnown(job);
                        last.set(status);
                        if (status == expected) {
                            return true;
                        }
                        if (status != null && status.isGloballyTerminalState()) {
                            throw new IllegalStateException(
                                    "Job "
                                            + job
                                            + " ended "
                                            + status
                                            + " while "
                                            + expected
                                            + " was awaited."
                                            + failureReport(job));
                        }
                        return false;
                    },
                    timeout,
                    POLL_INTERVAL,
                    "job " + job + " is not " + expected);
        } catch (TimeoutException e) {
            throw new IllegalStateException(
                    "Job "
                            + job
                            + " was "
                            + (last.get() == null ? "unknown to the cluster" : last.get())
                            + " after "
                            + timeout
                            + ", not "
                            + expected
                            + "."
                            + failureReport(job),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while awaiting job " + job, e);
        }
    }

    /** The job's exception history, newest first. */
    public List<JobFailure> failures(JobID job) {
        List<JobFailure> failures = new ArrayList<>();
        for (JsonNode entry :
                get("/jobs/" + job + "/exceptions").path("exceptionHistory").path("entries")) {
            failures.add(
                    new JobFailure(
                            entry.path("exceptionName").asText(),
                            entry.path("stacktrace").asText(),
                            entry.path("taskManagerId").asText(null)));
        }
        return failures;
    }

    private String failureReport(JobID job) {
        try {
            List<JobFailure> failures = failures(job);
            if (failures.isEmpty()) {
                return " No failure recorded.";
            }
            return " Latest failure: " + failures.get(0).stacktrace();
        } catch (RuntimeException e) {
            return " (Its failures could not be read: " + e + ")";
        }
    }

    /** The number of checkpoints the job completed. */
    public int completedCheckpoints(JobID job) {
        return get("/jobs/" + job + "/checkpoints").path("counts").path("completed").asInt();
    }

    /** Whether the job was restored from a checkpoint (after a failure) at least once. */
    public boolean restoredFromCheckpoint(JobID job) {
        JsonNode restored = get("/jobs/" + job + "/checkpoints").path("latest").path("restored");
        return !restored.isMissingNode() && !restored.isNull();
    }

    /**
     * A job metric's value as the REST API serves it, e.g. {@code numRestarts}; empty while the
     * JobManager has not fetched it yet. The REST API refreshes metrics every {@code
     * metrics.fetcher.update-interval} (10 s by default), so a value may be that old.
     */
    public Optional<String> jobMetric(JobID job, String metric) {
        for (JsonNode entry : get("/jobs/" + job + "/metrics?get=" + metric)) {
            if (metric.equals(entry.path("id").asText()) && entry.hasNonNull("value")) {
                return Optional.of(entry.path("value").asText());
            }
        }
        return Optional.empty();
    }

    /** The TaskManagers that run subtasks of the job now. */
    public Set<String> taskManagersOf(JobID job) {
        Set<String> taskManagers = new LinkedHashSet<>();
        for (JsonNode vertex : get("/jobs/" + job).path("vertices")) {
            String path = "/jobs/" + job + "/vertices/" + vertex.path("id").asText();
            for (JsonNode subtask : get(path).path("subtasks")) {
                if (subtask.hasNonNull("taskmanager-id")) {
                    taskManagers.add(subtask.path("taskmanager-id").asText());
                }
            }
        }
        return taskManagers;
    }

    /** Cancels the job (no savepoint). */
    public void cancel(JobID job) {
        String path = "/jobs/" + job + "?mode=cancel";
        checkOk(
                path,
                send(request(path).method("PATCH", HttpRequest.BodyPublishers.noBody()).build()));
    }

    // ------------------------------------------------------------------------------------------
    // Jars
    // ------------------------------------------------------------------------------------------

    /** Uploads a job jar ({@code POST /jars/upload}) and returns its id on the cluster. */
    public String uploadJar(Path jar) {
        String boundary = "flinkrw-" + UUID.randomUUID();
        byte[] head =
                ("--"
                                + boundary
                                + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                                + jar.getFileName()
                                + "\"\r\nContent-Type: application/java-archive\r\n\r\n")
                        .getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] content;
        try {
            content = Files.readAllBytes(jar);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        HttpRequest upload =
                request("/jars/upload")
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofByteArrays(List.of(head, content, tail)))
                        .build();
        JsonNode answer = parse("/jars/upload", checkOk("/jars/upload", send(upload)));
        if (!"success".equals(answer.path("status").asText())) {
            throw new IllegalStateException("Uploading " + jar + " failed: " + answer);
        }
        return Path.of(answer.path("filename").asText()).getFileName().toString();
    }

    /**
     * Runs an uploaded jar's {@code entryClass} ({@code POST /jars/<id>/run}: its main() runs in
     * the JobManager) and returns the id of the job it submitted.
     */
    public JobID runJar(String jarId, String entryClass, List<String> args, int parallelism) {
        ObjectNode body = JSON.createObjectNode();
        body.put("entryClass", entryClass);
        args.forEach(body.putArray("programArgsList")::add);
        body.put("parallelism", parallelism);
        String path = "/jars/" + jarId + "/run";
        HttpRequest run =
                request(path)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                        .build();
        JsonNode answer = parse(path, checkOk(path, send(run)));
        return JobID.fromHexString(answer.path("jobid").asText());
    }

    /** Uploads {@code jar} and runs {@code entryClass}; returns the submitted job's id. */
    public JobID submitJar(Path jar, String entryClass, List<String> args, int parallelism) {
        return runJar(uploadJar(jar), entryClass, args, parallelism);
    }

    // ------------------------------------------------------------------------------------------

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(REQUEST_TIMEOUT);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted: " + request.uri(), e);
        }
    }

    private static String checkOk(String path, HttpResponse<String> response) {
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(
                    path + " answered HTTP " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private static JsonNode parse(String path, String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException(
                    path + " answered something that is not JSON: " + body, e);
        }
    }

    @Override
    public String toString() {
        return "FlinkRestClient(" + baseUrl + ")";
    }
}
