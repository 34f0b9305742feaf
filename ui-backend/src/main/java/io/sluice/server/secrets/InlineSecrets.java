package io.sluice.server.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import io.sluice.catalog.PipelineCatalog;
import io.sluice.catalog.PipelineVersion;
import io.sluice.catalog.SealedSecret;
import io.sluice.model.document.Node;
import io.sluice.model.document.PipelineDocument;
import io.sluice.model.json.PipelineJson;
import io.sluice.model.nodetype.ConfigField;
import io.sluice.model.nodetype.NodeTypeRegistry;
import io.sluice.model.problem.Problem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Secrets typed into a node's own config (fields its type declares {@link ConfigField#secret()}):
 * taken out of every document before it is stored, sealed beside the version, shown as {@code
 * {"set": true}}, and opened only inside the process just before a run or preview compiles.
 *
 * <p>Each is sealed with the associated data {@code pipeline:<id>:<node>:<field>}, so an envelope
 * copied to another pipeline, node or field does not open. A new version copies the envelopes it
 * keeps: versions stay immutable copies, each runnable on its own.
 *
 * <pre>{@code
 * InlineSecrets.Incoming in = secrets.read(document);  // the document to store, and what changes
 * List<Problem> problems = secrets.problems(in, previous);
 * List<SealedSecret> sealed = secrets.seal(pipelineId, in, previous);
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class InlineSecrets {
  private static final Logger LOG = LoggerFactory.getLogger(InlineSecrets.class);

  /** What the API shows in place of a stored secret. */
  public static final String SET = "set";

  static final int MAX_SECRET = 65_536;

  private static final String PLACEHOLDER = "••••";

  private final PipelineCatalog catalog;
  private final SecretBox box;
  private final NodeTypeRegistry nodeTypes;

  public InlineSecrets(PipelineCatalog catalog, SecretBox box, NodeTypeRegistry nodeTypes) {
    this.catalog = catalog;
    this.box = box;
    this.nodeTypes = nodeTypes;
  }

  /** A secret field of one node. */
  public record Place(String nodeId, String field) {}

  /** What a save asks of one secret field. */
  public sealed interface Change {
    /** Keep the value the previous version stored ({@code {"set": true}}). */
    record Keep() implements Change {}

    /** Store this value. */
    record Replace(String value) implements Change {
      @Override
      public String toString() {
        return "Replace[••••]";
      }
    }
  }

  /**
   * An incoming document split in two: the document to store, without any secret, and what each
   * secret field asks for. A field left out, {@code null}, {@code ""} or {@code {"set": false}} has
   * no secret.
   */
  public record Incoming(
      PipelineDocument document, Map<Place, Change> changes, List<Problem> problems) {
    public Incoming {
      changes = Map.copyOf(changes);
      problems = List.copyOf(problems);
    }

    @Override
    public String toString() {
      return "Incoming[" + changes.keySet() + "]";
    }
  }

  /** Takes the secret fields out of {@code document}; mistyped ones are problems (never echoed). */
  public Incoming read(PipelineDocument document) {
    Map<Place, Change> changes = new LinkedHashMap<>();
    List<Problem> problems = new ArrayList<>();
    List<Node> nodes = new ArrayList<>();
    for (Node node : document.nodes()) {
      List<ConfigField> secret = secretFields(node);
      if (secret.isEmpty()) {
        nodes.add(node);
        continue;
      }
      Map<String, JsonNode> config = new LinkedHashMap<>(node.config());
      for (ConfigField field : secret) {
        JsonNode value = config.remove(field.name());
        Place place = new Place(node.id().value(), field.name());
        if (value == null || value.isNull() || (value.isTextual() && value.textValue().isEmpty())) {
          continue;
        }
        if (value.isObject() && value.size() == 1 && value.path(SET).isBoolean()) {
          if (value.get(SET).booleanValue()) {
            changes.put(place, new Change.Keep());
          }
        } else if (!value.isTextual()) {
          problems.add(
              new Problem(
                  place.nodeId(),
                  field.name(),
                  "wrong-type",
                  "'"
                      + field.name()
                      + "' is a secret: a string, {\"set\": true} to keep the stored one, or null"
                      + " to remove it."));
        } else if (value.textValue().length() > MAX_SECRET) {
          problems.add(
              new Problem(
                  place.nodeId(),
                  field.name(),
                  "too-long",
                  "'" + field.name() + "' is longer than allowed."));
        } else {
          changes.put(place, new Change.Replace(value.textValue()));
        }
      }
      nodes.add(new Node(node.id(), node.type(), node.typeVersion(), node.name(), config));
    }
    return new Incoming(
        new PipelineDocument(nodes, document.edges(), document.settings(), document.layout()),
        changes,
        problems);
  }

  /**
   * The problems of {@code in} against the secrets stored with the version it replaces ({@code
   * previous}, empty for a new pipeline): its own, and a {@code {"set": true}} with nothing stored.
   */
  public List<Problem> problems(Incoming in, List<SealedSecret> previous) {
    List<Problem> problems = new ArrayList<>(in.problems());
    in.changes()
        .forEach(
            (place, change) -> {
              if (change instanceof Change.Keep && find(previous, place).isEmpty()) {
                problems.add(
                    new Problem(
                        place.nodeId(),
                        place.field(),
                        "secret-not-stored",
                        "'"
                            + place.field()
                            + "' says a secret is set, but none is stored for node "
                            + place.nodeId()
                            + " of this pipeline; type it again."));
              }
            });
    return problems;
  }

  /** The envelopes of the new version: kept ones copied from {@code previous}, new ones sealed. */
  public List<SealedSecret> seal(UUID pipelineId, Incoming in, List<SealedSecret> previous) {
    List<SealedSecret> sealed = new ArrayList<>();
    in.changes()
        .forEach(
            (place, change) -> {
              if (change instanceof Change.Replace replace) {
                sealed.add(
                    new SealedSecret(
                        place.nodeId(),
                        place.field(),
                        box.seal(replace.value(), context(pipelineId, place))));
              } else {
                find(previous, place).ifPresent(sealed::add);
              }
            });
    return sealed;
  }

  /** {@code stored} as people see it: {@code {"set": true}} in each field with a secret. */
  public PipelineDocument masked(PipelineDocument stored, List<SealedSecret> secrets) {
    return fill(stored, secrets, s -> JsonNodeFactory.instance.objectNode().put(SET, true));
  }

  /**
   * {@code stored} with a stand-in string in each field with a secret: for validation, which checks
   * that a value is there (and not also set by a connection) without needing it.
   */
  public PipelineDocument placeholders(PipelineDocument stored, List<SealedSecret> secrets) {
    return fill(stored, secrets, s -> TextNode.valueOf(PLACEHOLDER));
  }

  /** {@code incoming} with a stand-in string for each secret it sets or keeps, for validation. */
  public PipelineDocument placeholders(Incoming incoming) {
    Map<Place, String> stand = new LinkedHashMap<>();
    incoming.changes().keySet().forEach(place -> stand.put(place, PLACEHOLDER));
    return fill(incoming.document(), List.of(), stand, s -> null);
  }

  /** The document of {@code version} as people see it. */
  public PipelineDocument masked(PipelineVersion version, PipelineDocument stored) {
    return masked(stored, catalog.secrets(version.pipelineId(), version.number()));
  }

  /**
   * {@code stored}, a document of version {@code number} of pipeline {@code pipelineId}, with its
   * secrets opened: to compile inside the process, never to store, log or send.
   *
   * @throws SecretBox.SecretUnavailableException when a secret's master key is not configured
   */
  public PipelineDocument opened(UUID pipelineId, int number, PipelineDocument stored) {
    List<SealedSecret> secrets = catalog.secrets(pipelineId, number);
    if (secrets.isEmpty()) {
      return stored;
    }
    return fill(
        stored,
        secrets,
        s ->
            TextNode.valueOf(
                box.open(s.envelope(), context(pipelineId, new Place(s.nodeId(), s.field())))));
  }

  /**
   * {@code incoming}, a document from a person (with {@code {"set": true}} in place of secrets),
   * with the secrets of {@code pipelineId}'s latest version opened where it asks to keep them: a
   * preview or check of a design before it is saved.
   */
  public PipelineDocument opened(UUID pipelineId, int number, Incoming incoming) {
    List<SealedSecret> stored = catalog.secrets(pipelineId, number);
    List<SealedSecret> wanted = new ArrayList<>();
    Map<Place, String> plain = new LinkedHashMap<>();
    incoming
        .changes()
        .forEach(
            (place, change) -> {
              if (change instanceof Change.Replace replace) {
                plain.put(place, replace.value());
              } else {
                find(stored, place).ifPresent(wanted::add);
              }
            });
    return fill(
        incoming.document(),
        wanted,
        plain,
        s ->
            TextNode.valueOf(
                box.open(s.envelope(), context(pipelineId, new Place(s.nodeId(), s.field())))));
  }

  /**
   * {@link #opened(UUID, int, Incoming)} with the latest version of {@code pipelineId}.
   *
   * @throws io.sluice.catalog.PipelineNotFoundException when there is no such pipeline
   */
  public PipelineDocument opened(UUID pipelineId, Incoming incoming) {
    var pipeline =
        catalog
            .find(pipelineId)
            .orElseThrow(() -> new io.sluice.catalog.PipelineNotFoundException(pipelineId));
    return opened(pipelineId, pipeline.summary().latestVersion(), incoming);
  }

  /** {@code incoming} with its new secrets put back and kept ones left out. */
  public PipelineDocument withNewValues(Incoming incoming) {
    Map<Place, String> plain = new LinkedHashMap<>();
    incoming
        .changes()
        .forEach(
            (place, change) -> {
              if (change instanceof Change.Replace replace) {
                plain.put(place, replace.value());
              }
            });
    return fill(incoming.document(), List.of(), plain, s -> null);
  }

  /** Seals every inline secret not sealed with the current key again; the number re-sealed. */
  public int rotate() {
    int resealed = 0;
    for (SealedSecret.Stored stored : catalog.allSecrets()) {
      SealedSecret.Stored current = stored;
      for (int attempt = 0; attempt < 5 && !box.isCurrent(current.secret().envelope()); attempt++) {
        String context =
            context(
                current.pipelineId(),
                new Place(current.secret().nodeId(), current.secret().field()));
        JsonNode next = box.seal(box.open(current.secret().envelope(), context), context);
        if (catalog.replaceSecret(current, next)) {
          resealed++;
          break;
        }
        Optional<SealedSecret> again =
            find(
                catalog.secrets(current.pipelineId(), current.version()),
                new Place(current.secret().nodeId(), current.secret().field()));
        if (again.isEmpty()) {
          break;
        }
        current = new SealedSecret.Stored(current.pipelineId(), current.version(), again.get());
      }
    }
    return resealed;
  }

  /**
   * Seals the plain secrets of versions stored before inline secrets were sealed, and takes them
   * out of those documents. Runs at every start; finds nothing once done.
   *
   * @return how many secrets it sealed
   */
  public int sealPlainSecrets() {
    Set<String> names = new TreeSet<>();
    nodeTypes
        .all()
        .forEach(
            t -> t.fields().stream().filter(ConfigField::secret).forEach(f -> names.add(f.name())));
    int sealedCount = 0;
    int versions = 0;
    // Only versions with a node that has such a field: a start reads nothing else.
    for (PipelineVersion version : catalog.versionsWithConfigFields(names)) {
      var read = PipelineJson.read(version.document());
      if (!read.ok()) {
        continue;
      }
      UUID id = version.pipelineId();
      Incoming in = read(read.document());
      List<SealedSecret> already = catalog.secrets(id, version.number());
      List<SealedSecret> sealed = new ArrayList<>();
      boolean plainFound = !in.problems().isEmpty();
      for (var entry : in.changes().entrySet()) {
        if (entry.getValue() instanceof Change.Replace replace) {
          plainFound = true;
          if (find(already, entry.getKey()).isEmpty()) {
            sealed.add(
                new SealedSecret(
                    entry.getKey().nodeId(),
                    entry.getKey().field(),
                    box.seal(replace.value(), context(id, entry.getKey()))));
          }
        }
      }
      if (!plainFound) {
        continue; // a field of the name in a node of another type, or an empty one
      }
      if (catalog.sealVersion(
          id, version.number(), version.document(), PipelineJson.write(in.document()), sealed)) {
        sealedCount += sealed.size();
        versions++;
      }
    }
    if (versions > 0) {
      LOG.info(
          "Sealed {} inline secret(s) of {} stored version(s) and took them out of the documents",
          sealedCount,
          versions);
    }
    return sealedCount;
  }

  private List<ConfigField> secretFields(Node node) {
    return nodeTypes
        .find(node.type(), node.typeVersion())
        .map(type -> type.fields().stream().filter(ConfigField::secret).toList())
        .orElse(List.of());
  }

  private PipelineDocument fill(
      PipelineDocument document,
      List<SealedSecret> secrets,
      java.util.function.Function<SealedSecret, JsonNode> value) {
    return fill(document, secrets, Map.of(), value);
  }

  private PipelineDocument fill(
      PipelineDocument document,
      List<SealedSecret> secrets,
      Map<Place, String> plain,
      java.util.function.Function<SealedSecret, JsonNode> value) {
    if (secrets.isEmpty() && plain.isEmpty()) {
      return document;
    }
    List<Node> nodes = new ArrayList<>();
    for (Node node : document.nodes()) {
      Map<String, JsonNode> config = new LinkedHashMap<>(node.config());
      boolean changed = false;
      for (SealedSecret secret : secrets) {
        if (secret.nodeId().equals(node.id().value())) {
          config.put(secret.field(), value.apply(secret));
          changed = true;
        }
      }
      for (var entry : plain.entrySet()) {
        if (entry.getKey().nodeId().equals(node.id().value())) {
          config.put(entry.getKey().field(), TextNode.valueOf(entry.getValue()));
          changed = true;
        }
      }
      nodes.add(
          changed
              ? new Node(node.id(), node.type(), node.typeVersion(), node.name(), config)
              : node);
    }
    return new PipelineDocument(nodes, document.edges(), document.settings(), document.layout());
  }

  private static Optional<SealedSecret> find(List<SealedSecret> secrets, Place place) {
    return secrets.stream()
        .filter(s -> s.nodeId().equals(place.nodeId()) && s.field().equals(place.field()))
        .findFirst();
  }

  private static String context(UUID pipelineId, Place place) {
    return "pipeline:" + pipelineId + ":" + place.nodeId() + ":" + place.field();
  }
}
