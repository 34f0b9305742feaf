package io.sluice.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.sluice.catalog.CatalogDatabase;
import io.sluice.catalog.CatalogHealth;
import io.sluice.model.json.PipelineJson;
import io.sluice.model.nodetype.NodeTypeRegistry;
import io.sluice.server.auth.Role;
import io.sluice.server.secrets.InlineSecrets;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/** Health, node types, validation and the OpenAPI description. */
public final class MetaRoutes {
  private final CatalogDatabase database;
  private final NodeTypeRegistry nodeTypes;
  private final DocumentChecks checks;
  private final ObjectMapper mapper;
  private final byte[] openApi;

  private final InlineSecrets secrets;

  public MetaRoutes(
      CatalogDatabase database,
      NodeTypeRegistry nodeTypes,
      DocumentChecks checks,
      InlineSecrets secrets,
      ObjectMapper mapper) {
    this.secrets = secrets;
    this.database = database;
    this.nodeTypes = nodeTypes;
    this.checks = checks;
    this.mapper = mapper;
    this.openApi = readOpenApi();
  }

  public void register(RoutesConfig routes) {
    routes.get("/api/health", this::health, Role.ANYONE);
    routes.get("/api/node-types", ctx -> ctx.json(nodeTypes.all()), Role.VIEWER);
    routes.post("/api/validate", this::validate, Role.VIEWER);
    routes.get(
        "/api/openapi.json",
        ctx -> ctx.contentType("application/json").result(openApi),
        Role.ANYONE);
  }

  record CatalogStatus(
      String status,
      String mode,
      String url,
      String serverVersion,
      Integer schemaVersion,
      String error) {}

  record Health(String status, CatalogStatus catalog) {}

  private void health(Context ctx) {
    CatalogHealth h = database.health();
    String status = h.up() ? "up" : "down";
    ctx.status(h.up() ? 200 : 503)
        .json(
            new Health(
                status,
                new CatalogStatus(
                    status, h.mode(), h.url(), h.serverVersion(), h.schemaVersion(), h.error())));
  }

  /**
   * Validates a document without storing it: reading problems and graph problems come back together
   * in one list, always with 200, because an invalid document is the expected input here.
   */
  private void validate(Context ctx) {
    JsonNode tree = BodyReader.tree(ctx, mapper);
    var read = PipelineJson.read(tree);
    if (!read.ok()) {
      ctx.json(new DocumentChecks.Result(false, read.problems(), Map.of()));
      return;
    }
    // Secrets are checked for their type only; a {"set": true} stands for a stored one.
    InlineSecrets.Incoming incoming = secrets.read(read.document());
    if (!incoming.problems().isEmpty()) {
      ctx.json(new DocumentChecks.Result(false, incoming.problems(), Map.of()));
      return;
    }
    ctx.json(checks.check(secrets.placeholders(incoming)));
  }

  private static byte[] readOpenApi() {
    try (InputStream in = MetaRoutes.class.getResourceAsStream("/openapi.json")) {
      if (in == null) {
        throw new IllegalStateException("openapi.json is missing from the classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
