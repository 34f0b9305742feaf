package io.sluice.server.connections;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.sluice.catalog.ConnectionCatalog;
import io.sluice.catalog.ConnectionNotFoundException;
import io.sluice.catalog.PipelineCatalog;
import io.sluice.catalog.PipelineSummary;
import io.sluice.catalog.StoredConnection;
import io.sluice.model.connection.ConnectionBinding;
import io.sluice.model.connection.ConnectionKind;
import io.sluice.model.connection.ConnectionKinds;
import io.sluice.model.connection.ConnectionLookup;
import io.sluice.model.connection.ConnectionValues;
import io.sluice.model.json.PipelineJson;
import io.sluice.model.nodetype.NodeTypeRegistry;
import io.sluice.server.secrets.InlineSecrets;
import io.sluice.server.secrets.SecretBox;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stored connections: seals their secrets on the way into the catalog, opens them only to hand a
 * node its values inside the process ({@link #lookup()}), and shows them to people masked.
 *
 * <p>Thread-safe.
 */
public final class ConnectionService {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionService.class);

  /** What the API shows of a secret field: whether it holds a value, never the value. */
  public static final String SET = "set";

  private final ConnectionCatalog catalog;
  private final PipelineCatalog pipelines;
  private final SecretBox box;
  private final NodeTypeRegistry nodeTypes;
  private final InlineSecrets inlineSecrets;

  /**
   * @param inlineSecrets the secrets typed into nodes, re-sealed by a rotation too; null for none
   */
  public ConnectionService(
      ConnectionCatalog catalog,
      PipelineCatalog pipelines,
      SecretBox box,
      NodeTypeRegistry nodeTypes,
      InlineSecrets inlineSecrets) {
    this.catalog = catalog;
    this.pipelines = pipelines;
    this.box = box;
    this.nodeTypes = nodeTypes;
    this.inlineSecrets = inlineSecrets;
  }

  /** What a secret field of a save asks for. */
  public sealed interface SecretChange {
    /** Keep the stored value (the client sent {@code {"set": true}} or left the field out). */
    record Keep() implements SecretChange {}

    /** Remove the stored value (the client sent {@code null}). */
    record Clear() implements SecretChange {}

    /** Store this value. */
    record Replace(String value) implements SecretChange {
      @Override
      public String toString() {
        return "Replace[••••]";
      }
    }
  }

  public Optional<StoredConnection> find(String name) {
    return catalog.find(name);
  }

  public List<StoredConnection> list() {
    return catalog.list();
  }

  public StoredConnection create(
      String name,
      ConnectionKind kind,
      String description,
      ObjectNode settings,
      Map<String, SecretChange> secrets) {
    ObjectNode sealed = seal(name, kind, JsonNodeFactory.instance.objectNode(), secrets);
    StoredConnection created = catalog.create(name, kind.name(), description, settings, sealed);
    LOG.info("Connection {} ({}) created", name, kind.name());
    return created;
  }

  /**
   * @throws ConnectionNotFoundException when there is no such connection
   */
  public StoredConnection update(
      String name, String description, ObjectNode settings, Map<String, SecretChange> secrets) {
    StoredConnection stored =
        catalog.find(name).orElseThrow(() -> new ConnectionNotFoundException(name));
    ConnectionKind kind = ConnectionKinds.find(stored.kind()).orElseThrow();
    ObjectNode sealed = seal(name, kind, stored.secrets(), secrets);
    StoredConnection updated = catalog.update(name, description, settings, sealed);
    LOG.info("Connection {} updated", name);
    return updated;
  }

  /** The pipelines whose latest version names the connection. */
  public record PipelineRef(UUID id, String name) {}

  public List<PipelineRef> usedBy(String name) {
    List<PipelineRef> users = new ArrayList<>();
    for (PipelineSummary summary : pipelines.list(null)) {
      pipelines
          .find(summary.id())
          .ifPresent(
              p -> {
                var read = PipelineJson.read(p.latest().document());
                if (read.ok()
                    && ConnectionBinding.namedConnections(read.document(), nodeTypes)
                        .contains(name)) {
                  users.add(new PipelineRef(summary.id(), summary.name()));
                }
              });
    }
    return users;
  }

  /** Whether the connection existed; the caller checked {@link #usedBy} first. */
  public boolean delete(String name) {
    boolean deleted = catalog.delete(name);
    if (deleted) {
      LOG.info("Connection {} deleted", name);
    }
    return deleted;
  }

  /** Connections by name with their secrets opened, for resolving documents in the process. */
  public ConnectionLookup lookup() {
    return name -> catalog.find(name).map(this::open);
  }

  /** The connection with its secrets opened; stays inside the process. */
  public ConnectionValues open(StoredConnection stored) {
    Map<String, JsonNode> values = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = stored.settings().fields(); it.hasNext(); ) {
      var entry = it.next();
      values.put(entry.getKey(), entry.getValue());
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = stored.secrets().fields(); it.hasNext(); ) {
      var entry = it.next();
      values.put(
          entry.getKey(),
          TextNode.valueOf(box.open(entry.getValue(), context(stored.name(), entry.getKey()))));
    }
    return new ConnectionValues(stored.name(), stored.kind(), values);
  }

  /**
   * What a rotation did.
   *
   * @param secretsResealed secrets of connections sealed again
   * @param pipelineSecretsResealed secrets typed into nodes of pipeline versions sealed again
   */
  public record Rotation(
      String currentKeyId, int connections, int secretsResealed, int pipelineSecretsResealed) {}

  /**
   * Seals every secret that is not sealed with the current key again with it. Safe to run while
   * people edit connections: a connection changed meanwhile is read again.
   */
  public Rotation rotate() {
    int connections = 0;
    int resealed = 0;
    for (StoredConnection listed : catalog.list()) {
      for (int attempt = 0; attempt < 5; attempt++) {
        StoredConnection stored = catalog.find(listed.name()).orElse(null);
        if (stored == null) {
          break;
        }
        ObjectNode secrets = stored.secrets();
        ObjectNode next = JsonNodeFactory.instance.objectNode();
        int count = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = secrets.fields(); it.hasNext(); ) {
          var entry = it.next();
          if (box.isCurrent(entry.getValue())) {
            next.set(entry.getKey(), entry.getValue());
          } else {
            String context = context(stored.name(), entry.getKey());
            next.set(entry.getKey(), box.seal(box.open(entry.getValue(), context), context));
            count++;
          }
        }
        if (count == 0) {
          break;
        }
        if (catalog.replaceSecrets(stored.name(), secrets, next)) {
          connections++;
          resealed += count;
          break;
        }
      }
    }
    int inline = inlineSecrets == null ? 0 : inlineSecrets.rotate();
    LOG.info(
        "Master key rotation: {} secret(s) of {} connection(s) and {} secret(s) of pipeline"
            + " versions sealed again with key {}",
        resealed,
        connections,
        inline,
        box.keys().currentId());
    return new Rotation(box.keys().currentId(), connections, resealed, inline);
  }

  /** The plain values of a connection's secret fields, to scrub from check messages. */
  public List<String> secretValues(ConnectionValues values, ConnectionKind kind) {
    List<String> out = new ArrayList<>();
    for (String field : kind.secretFields()) {
      JsonNode value = values.values().get(field);
      if (value != null && value.isTextual() && !value.textValue().isBlank()) {
        out.add(value.textValue());
        for (String line : value.textValue().split("\\R")) {
          int eq = line.indexOf('=');
          if (eq >= 0 && line.length() > eq + 1) {
            out.add(line.substring(eq + 1).strip());
          }
        }
      }
    }
    return out;
  }

  private ObjectNode seal(
      String name, ConnectionKind kind, ObjectNode stored, Map<String, SecretChange> changes) {
    ObjectNode sealed = JsonNodeFactory.instance.objectNode();
    for (String field : kind.secretFields()) {
      SecretChange change = changes.getOrDefault(field, new SecretChange.Keep());
      if (change instanceof SecretChange.Replace replace) {
        sealed.set(field, box.seal(replace.value(), context(name, field)));
      } else if (change instanceof SecretChange.Keep && stored.has(field)) {
        sealed.set(field, stored.get(field));
      }
    }
    return sealed;
  }

  private static String context(String connection, String field) {
    return "connection:" + connection + ":" + field;
  }
}
