package io.sluice.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * A real HTTP client against a running server, returning status, headers and parsed JSON.
 *
 * <p>It authenticates by itself: before its first request it logs in as {@code admin} with {@link
 * #ADMIN_PASSWORD} (the password the build gives every test server's first start through {@code
 * SLUICE_ADMIN_PASSWORD}) and sends the session cookie and the CSRF token on every request. {@link
 * #anonymous} makes one that sends no credentials; {@link #as} one that logs in as another user.
 */
final class ApiClient {
  static final String ADMIN_PASSWORD =
      System.getenv().getOrDefault("SLUICE_ADMIN_PASSWORD", "test-admin-password");
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private final String base;
  private final String username;
  private final String password;
  private volatile String cookie;
  private volatile String csrf;
  private volatile String bearerToken;

  ApiClient(int port) {
    this(port, "admin", ADMIN_PASSWORD);
  }

  private ApiClient(int port, String username, String password) {
    this.base = "http://127.0.0.1:" + port;
    this.username = username;
    this.password = password;
  }

  /** A client that sends no credentials at all. */
  static ApiClient anonymous(int port) {
    return new ApiClient(port, null, null);
  }

  /** A client that sends {@code Authorization: Bearer <token>}. */
  static ApiClient bearer(int port, String token) {
    ApiClient client = new ApiClient(port, null, null);
    client.bearerToken = token;
    return client;
  }

  /** A client that logs in as {@code username}. */
  static ApiClient as(int port, String username, String password) {
    return new ApiClient(port, username, password);
  }

  /** Adds this client's credentials to a request built elsewhere (such as a stream). */
  HttpRequest.Builder authorize(HttpRequest.Builder builder) {
    ensureLoggedIn();
    if (cookie != null) {
      builder.header("cookie", "sluice_session=" + cookie).header("x-csrf-token", csrf);
    }
    return builder;
  }

  /** Logs in now (otherwise done before the first request); returns the login's response. */
  synchronized Response login() {
    Response response =
        sendRaw(
            "POST",
            "/api/auth/login",
            JSON.createObjectNode().put("username", username).put("password", password).toString(),
            "*/*",
            false);
    if (response.status() == 200) {
      csrf = response.json().path("csrfToken").asText();
    }
    return response;
  }

  private void ensureLoggedIn() {
    if (username != null && cookie == null) {
      synchronized (this) {
        if (cookie == null) {
          Response response = login();
          if (response.status() != 200) {
            throw new IllegalStateException(
                "ApiClient could not log in as " + username + ": " + response.body());
          }
        }
      }
    }
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
    ensureLoggedIn();
    return sendRaw(method, path, body, accept, true);
  }

  private Response sendRaw(
      String method, String path, String body, String accept, boolean withCredentials) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(base + path))
            .header("content-type", "application/json")
            .header("accept", accept);
    if (withCredentials && cookie != null) {
      builder.header("cookie", "sluice_session=" + cookie).header("x-csrf-token", csrf);
    }
    if (withCredentials && bearerToken != null) {
      builder.header("authorization", "Bearer " + bearerToken);
    }
    HttpRequest request =
        builder
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      for (String set : response.headers().allValues("set-cookie")) {
        if (set.startsWith("sluice_session=")) {
          String value = set.substring("sluice_session=".length()).split(";", 2)[0];
          cookie = value.isEmpty() ? null : value;
        }
      }
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
