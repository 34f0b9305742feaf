package io.sluice.executor.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The read-only part of Flink's REST API that the remote engine needs: job details, metrics and
 * exception history, as JSON. Writes (submit, stop, cancel) go through Flink's own {@code
 * RestClusterClient}, which knows the multipart upload and the asynchronous savepoint operations.
 *
 * <p>Thread-safe.
 */
final class FlinkRestApi {

  /** Metric names per request: Flink reads them from the query string. */
  private static final int METRICS_PER_REQUEST = 60;

  private final URI base;
  private final Duration timeout;
  private final HttpClient http;
  private final ObjectMapper json = new ObjectMapper();

  FlinkRestApi(URI base, Duration timeout) {
    String text = base.toString();
    this.base = URI.create(text.endsWith("/") ? text : text + "/");
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  /** {@code GET /jobs/<id>}, or empty when the cluster does not know the job (any more). */
  Optional<JsonNode> job(String jobId) {
    return get("jobs/" + jobId);
  }

  /** {@code GET /jobs/overview}: every job the cluster knows, with its name and state. */
  List<JsonNode> jobsOverview() {
    List<JsonNode> jobs = new ArrayList<>();
    get("jobs/overview").ifPresent(b -> b.path("jobs").forEach(jobs::add));
    return jobs;
  }

  /** {@code GET /jobs/<id>/exceptions}: the exception history, newest first. */
  List<JsonNode> exceptionHistory(String jobId) {
    Optional<JsonNode> body = get("jobs/" + jobId + "/exceptions?maxExceptions=16");
    List<JsonNode> entries = new ArrayList<>();
    body.map(b -> b.path("exceptionHistory").path("entries"))
        .ifPresent(e -> e.forEach(entries::add));
    return entries;
  }

  /** {@code GET /jobs/<id>/vertices/<vertex>}: the vertex's subtasks and where they run. */
  Optional<JsonNode> vertex(String jobId, String vertexId) {
    return get("jobs/" + jobId + "/vertices/" + vertexId);
  }

  /** {@code GET /taskmanagers}. */
  JsonNode taskManagers() {
    return get("taskmanagers").orElseThrow(() -> new EngineException("no /taskmanagers", null));
  }

  /** Every metric of the job ({@code jobs/<id>/metrics}) by name. */
  Map<String, Double> jobMetrics(String jobId) {
    return metrics("jobs/" + jobId + "/metrics");
  }

  /**
   * Every metric of a vertex ({@code jobs/<id>/vertices/<vertex>/metrics}) by Flink's name for it:
   * {@code <subtask>.<metric>} for the task, {@code <subtask>.<operator>.<metric>} for its
   * operators, with blanks, dots, colons and commas in operator names replaced by underscores.
   */
  Map<String, Double> vertexMetrics(String jobId, String vertexId) {
    return metrics("jobs/" + jobId + "/vertices/" + vertexId + "/metrics");
  }

  private Map<String, Double> metrics(String path) {
    List<String> names = new ArrayList<>();
    get(path).ifPresent(list -> list.forEach(m -> names.add(m.path("id").asText())));
    Map<String, Double> values = new LinkedHashMap<>();
    for (int from = 0; from < names.size(); from += METRICS_PER_REQUEST) {
      List<String> chunk = names.subList(from, Math.min(names.size(), from + METRICS_PER_REQUEST));
      String query =
          URLEncoder.encode(String.join(",", chunk), StandardCharsets.UTF_8).replace("+", "%20");
      get(path + "?get=" + query)
          .ifPresent(
              list ->
                  list.forEach(
                      m -> {
                        try {
                          values.put(
                              m.path("id").asText(), Double.parseDouble(m.path("value").asText()));
                        } catch (NumberFormatException e) {
                          // a gauge of a non-numeric value (such as a list of partitions)
                        }
                      }));
    }
    return values;
  }

  private Optional<JsonNode> get(String path) {
    HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout).GET().build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new EngineException("could not reach Flink's REST API at " + base, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EngineException("interrupted while calling Flink's REST API at " + base, e);
    }
    if (response.statusCode() == 404) {
      return Optional.empty();
    }
    if (response.statusCode() != 200) {
      throw new EngineException(
          "Flink's REST API answered "
              + response.statusCode()
              + " to GET "
              + base.resolve(path)
              + ": "
              + response.body(),
          null);
    }
    try {
      return Optional.of(json.readTree(response.body()));
    } catch (IOException e) {
      throw new EngineException("Flink's REST API sent JSON it cannot read for " + path, e);
    }
  }
}
