package io.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.router.ParsedEndpoint;
import io.sluice.catalog.testing.CatalogExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The OpenAPI document is written by hand; these tests keep it honest about the routes. */
class OpenApiTest {
  @RegisterExtension static final CatalogExtension CATALOG = new CatalogExtension();
  private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");

  private static SluiceRuntime server;
  private static JsonNode openApi;

  @BeforeAll
  static void start() {
    server =
        SluiceRuntime.start(
            SluiceConfig.defaults(TestDirs.fresh("api")).withPort(0), CATALOG.catalog(), false);
    ApiClient.Response response = new ApiClient(server.port()).get("/api/openapi.json");
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.contentType()).startsWith("application/json");
    openApi = response.json();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void describesExactlyTheRoutesTheServerServes() {
    Set<String> documented = new TreeSet<>();
    openApi
        .path("paths")
        .fields()
        .forEachRemaining(
            path ->
                path.getValue()
                    .fieldNames()
                    .forEachRemaining(
                        method -> {
                          if (METHODS.contains(method)) {
                            documented.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
                          }
                        }));

    Set<String> served = new TreeSet<>();
    for (ParsedEndpoint endpoint : server.endpoints()) {
      served.add(endpoint.endpoint.method.name() + " " + endpoint.endpoint.path);
    }

    assertThat(documented).isNotEmpty().isEqualTo(served);
  }

  @Test
  void everyOperationHasAnIdAndResponsesAndErrorsAreProblemDocuments() {
    List<String> missing = new ArrayList<>();
    openApi
        .path("paths")
        .fields()
        .forEachRemaining(
            path ->
                path.getValue()
                    .fields()
                    .forEachRemaining(
                        op -> {
                          if (!METHODS.contains(op.getKey())) {
                            return;
                          }
                          String where = op.getKey() + " " + path.getKey();
                          if (op.getValue().path("operationId").asText().isBlank()) {
                            missing.add(where + ": operationId");
                          }
                          JsonNode responses = op.getValue().path("responses");
                          if (responses.isEmpty()) {
                            missing.add(where + ": responses");
                          }
                          responses
                              .fields()
                              .forEachRemaining(
                                  r -> {
                                    JsonNode response =
                                        r.getValue().has("$ref")
                                            ? openApi.at(
                                                r.getValue().path("$ref").asText().substring(1))
                                            : r.getValue();
                                    if (r.getKey().startsWith("4") || r.getKey().startsWith("5")) {
                                      if (response
                                              .path("content")
                                              .path("application/problem+json")
                                              .isMissingNode()
                                          && !where.contains("health")) {
                                        missing.add(where + " " + r.getKey() + ": problem+json");
                                      }
                                    }
                                  });
                          if (op.getValue().has("requestBody") && !responses.has("400")) {
                            missing.add(where + ": 400 for a bad body");
                          }
                        }));
    assertThat(missing).isEmpty();
  }

  @Test
  void everyReferenceResolves() {
    List<String> refs = new ArrayList<>();
    collectRefs(openApi, refs);
    assertThat(refs).isNotEmpty();
    for (String ref : refs) {
      assertThat(ref).startsWith("#/");
      assertThat(openApi.at(ref.substring(1)).isMissingNode()).as(ref).isFalse();
    }
  }

  private static void collectRefs(JsonNode node, List<String> out) {
    if (node.isObject()) {
      node.fields()
          .forEachRemaining(
              field -> {
                if (field.getKey().equals("$ref")) {
                  out.add(field.getValue().asText());
                } else {
                  collectRefs(field.getValue(), out);
                }
              });
    } else if (node.isArray()) {
      node.forEach(child -> collectRefs(child, out));
    }
  }
}
