package io.sluice.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** A real HTTP client against a running server, returning status, headers and parsed JSON. */
final class ApiClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private final String base;

  ApiClient(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  record Response(int status, String contentType, String location, String body) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON: " + body, e);
      }
    }
  }

  Response get(String path) {
    return send("GET", path, null);
  }

  Response post(String path, String body) {
    return send("POST", path, body);
  }

  Response put(String path, String body) {
    return send("PUT", path, body);
  }

  Response patch(String path, String body) {
    return send("PATCH", path, body);
  }

  Response delete(String path) {
    return send("DELETE", path, null);
  }

  /** A GET the way a browser loads a page: asking for HTML. */
  Response page(String path) {
    return send("GET", path, null, "text/html,application/xhtml+xml");
  }

  Response send(String method, String path, String body) {
    return send(method, path, body, "*/*");
  }

  private Response send(String method, String path, String body, String accept) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + path))
            .header("content-type", "application/json")
            .header("accept", accept)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      return new Response(
          response.statusCode(),
          response.headers().firstValue("content-type").orElse(""),
          response.headers().firstValue("location").orElse(null),
          response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
