package io.sluice.server.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import io.sluice.catalog.PipelineCatalog;
import io.sluice.catalog.PipelineVersion;
import io.sluice.catalog.SealedSecret;
import io.sluice.connectors.kafka.KafkaSecretKeys;
import io.sluice.model.document.DeadLetterTarget;
import io.sluice.model.document.Node;
import io.sluice.model.document.PipelineDocument;
import io.sluice.model.document.Settings;
import io.sluice.model.json.PipelineJson;
import io.sluice.model.nodetype.ConfigField;
import io.sluice.model.nodetype.FieldKind;
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
 * Secrets typed into a pipeline document: fields a node's type declares {@link
 * ConfigField#secret()}, secret Kafka properties among a node's {@code consumerProperties} or
 * {@code producerProperties} ({@link KafkaSecretKeys}), and the password of a PostgreSQL
 * dead-letter target in the settings. Each is taken out of every document before it is stored,
 * sealed beside the version, shown as {@code {"set": true}} (a Kafka property as the list entry
 * {@code {"key": "ssl.key.password", "set": true}}), and opened only inside the process just before
 * a run or preview compiles.
 *
 * <p>Each is sealed with the associated data {@code pipeline:<id>:<node>:<field>}, where a Kafka
 * property's field is {@code <list>:<key>} and the dead-letter password's node and field are {@code
 * settings} and {@code deadLetter.password}, so an envelope copied to another pipeline, node, field
 * or property does not open. A new version copies the envelopes it keeps: versions stay immutable
 * copies, each runnable on its own.
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

  /** The node lists of Kafka client properties, whose secret entries are sealed one by one. */
  static final Set<String> PROPERTY_LISTS = Set.of("consumerProperties", "producerProperties");

  /** The place of the dead-letter target's password in the settings. */
  static final Place DEAD_LETTER_PASSWORD = new Place("settings", "deadLetter.password");

  /**
   * Where a secret belongs, as {@code pipeline_secrets} keys it: a node's config field ({@code
   * password}), a Kafka property of a node ({@code consumerProperties:ssl.key.password}; config
   * field names have no colon), or {@link #DEAD_LETTER_PASSWORD} (a config field name has no dot,
   * so no node's field is that place even for a node whose id is {@code settings}).
   */
  public record Place(String nodeId, String field) {
    static Place property(String nodeId, String list, String key) {
      return new Place(nodeId, list + ":" + key);
    }

    boolean isDeadLetter() {
      return equals(DEAD_LETTER_PASSWORD);
    }

    /** The property list of a Kafka property's place, or null. */
    String list() {
      int colon = field.indexOf(':');
      return isDeadLetter() || colon < 0 ? null : field.substring(0, colon);
    }

    /** The property key of a Kafka property's place, or null. */
    String key() {
      int colon = field.indexOf(':');
      return isDeadLetter() || colon < 0 ? null : field.substring(colon + 1);
    }

    /** The problem's node id. */
    String problemNode() {
      return isDeadLetter() ? null : nodeId;
    }

    /** The problem's field. */
    String problemField() {
      if (isDeadLetter()) {
        return "settings.deadLetter.password";
      }
      return list() == null ? field : "config." + list();
    }

    /** How a message names it. */
    String label() {
      if (isDeadLetter()) {
        return "settings.deadLetter.password";
      }
      return list() == null ? field : list() + " entry " + key();
    }
  }

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

  /** Takes the secrets out of {@code document}; mistyped ones are problems (never echoed). */
  public Incoming read(PipelineDocument document) {
    Map<Place, Change> changes = new LinkedHashMap<>();
    List<Problem> problems = new ArrayList<>();
    List<Node> nodes = new ArrayList<>();
    for (Node node : document.nodes()) {
      List<ConfigField> secret = secretFields(node);
      List<String> lists = propertyLists(node);
      if (secret.isEmpty() && lists.isEmpty()) {
        nodes.add(node);
        continue;
      }
      Map<String, JsonNode> config = new LinkedHashMap<>(node.config());
      for (ConfigField field : secret) {
        JsonNode value = config.remove(field.name());
        readSecret(new Place(node.id().value(), field.name()), value, changes, problems);
      }
      for (String list : lists) {
        JsonNode entries = config.get(list);
        if (entries != null && entries.isArray()) {
          ArrayNode rest = readProperties(node.id().value(), list, entries, changes, problems);
          if (rest.isEmpty()) {
            config.remove(list);
          } else {
            config.put(list, rest);
          }
        }
      }
      nodes.add(new Node(node.id(), node.type(), node.typeVersion(), node.name(), config));
    }
    Settings settings = document.settings();
    if (settings.deadLetter() instanceof DeadLetterTarget.Postgres pg) {
      if (pg.passwordSealed()) {
        changes.put(DEAD_LETTER_PASSWORD, new Change.Keep());
      } else if (pg.password() != null && !pg.password().isEmpty()) {
        readSecret(DEAD_LETTER_PASSWORD, TextNode.valueOf(pg.password()), changes, problems);
      }
      settings = withDeadLetter(settings, pg.withoutPassword(false));
    }
    return new Incoming(
        new PipelineDocument(nodes, document.edges(), settings, document.layout()),
        changes,
        problems);
  }

  /** One secret value as a save sends it: a string, {@code {"set": bool}}, null or nothing. */
  private static void readSecret(
      Place place, JsonNode value, Map<Place, Change> changes, List<Problem> problems) {
    if (value == null || value.isNull() || (value.isTextual() && value.textValue().isEmpty())) {
      return;
    }
    if (value.isObject() && value.size() == 1 && value.path(SET).isBoolean()) {
      if (value.get(SET).booleanValue()) {
        changes.put(place, new Change.Keep());
      }
    } else if (!value.isTextual()) {
      problems.add(
          new Problem(
              place.problemNode(),
              place.problemField(),
              "wrong-type",
              "'"
                  + place.label()
                  + "' is a secret: a string, {\"set\": true} to keep the stored one, or null"
                  + " to remove it."));
    } else if (value.textValue().length() > MAX_SECRET) {
      problems.add(
          new Problem(
              place.problemNode(),
              place.problemField(),
              "too-long",
              "'" + place.label() + "' is longer than allowed."));
    } else {
      changes.put(place, new Change.Replace(value.textValue()));
    }
  }

  /**
   * The entries of a Kafka property list without its secret ones: {@code key=value} of a secret key
   * sets it, {@code {"key": …, "set": true}} keeps it, {@code {"key": …, "set": false}} drops it.
   * Other entries stay for validation to judge.
   */
  private static ArrayNode readProperties(
      String nodeId,
      String list,
      JsonNode entries,
      Map<Place, Change> changes,
      List<Problem> problems) {
    ArrayNode rest = JsonNodeFactory.instance.arrayNode();
    Set<String> seen = new java.util.HashSet<>();
    for (int i = 0; i < entries.size(); i++) {
      JsonNode entry = entries.get(i);
      String key;
      JsonNode value;
      if (entry.isTextual() && entry.textValue().indexOf('=') > 0) {
        String text = entry.textValue();
        int eq = text.indexOf('=');
        key = text.substring(0, eq).strip();
        if (key.isEmpty() || !KafkaSecretKeys.isSecret(key)) {
          rest.add(entry);
          continue;
        }
        value = TextNode.valueOf(text.substring(eq + 1).strip());
      } else if (entry.isObject() && entry.has("key")) {
        JsonNode keyNode = entry.get("key");
        boolean shape =
            keyNode.isTextual()
                && entry.size() == 2
                && entry.path(SET).isBoolean()
                && KafkaSecretKeys.isSecret(keyNode.textValue().strip());
        if (!shape) {
          problems.add(
              new Problem(
                  nodeId,
                  "config." + list,
                  "wrong-type",
                  "Entry "
                      + (i + 1)
                      + " of "
                      + list
                      + " must read key=value, or {\"key\": …, \"set\": true} for a stored"
                      + " secret property."));
          continue;
        }
        key = keyNode.textValue().strip();
        value = JsonNodeFactory.instance.objectNode().put(SET, entry.get(SET).booleanValue());
      } else {
        rest.add(entry);
        continue;
      }
      if (!seen.add(key)) {
        problems.add(
            new Problem(
                nodeId,
                "config." + list,
                "invalid-value",
                "Entry " + (i + 1) + " of " + list + " sets " + key + " again; each key once."));
        continue;
      }
      readSecret(Place.property(nodeId, list, key), value, changes, problems);
    }
    return rest;
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
                        place.problemNode(),
                        place.problemField(),
                        "secret-not-stored",
                        "'"
                            + place.label()
                            + "' says a secret is set, but none is stored for "
                            + (place.isDeadLetter() ? "the settings" : "node " + place.nodeId())
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

  /** {@code stored} as people see it: {@code {"set": true}} in each place with a secret. */
  public PipelineDocument masked(PipelineDocument stored, List<SealedSecret> secrets) {
    Set<Place> places = new java.util.LinkedHashSet<>();
    secrets.forEach(s -> places.add(placeOf(s)));
    return fill(stored, Map.of(), places);
  }

  /**
   * {@code stored} with a stand-in string in each place with a secret: for validation, which checks
   * that a value is there (and not also set by a connection) without needing it.
   */
  public PipelineDocument placeholders(PipelineDocument stored, List<SealedSecret> secrets) {
    Map<Place, String> stand = new LinkedHashMap<>();
    secrets.forEach(s -> stand.put(placeOf(s), PLACEHOLDER));
    return fill(stored, stand, Set.of());
  }

  /** {@code incoming} with a stand-in string for each secret it sets or keeps, for validation. */
  public PipelineDocument placeholders(Incoming incoming) {
    Map<Place, String> stand = new LinkedHashMap<>();
    incoming.changes().keySet().forEach(place -> stand.put(place, PLACEHOLDER));
    return fill(incoming.document(), stand, Set.of());
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
    Map<Place, String> plain = new LinkedHashMap<>();
    secrets.forEach(s -> plain.put(placeOf(s), open(pipelineId, s)));
    return fill(stored, plain, Set.of());
  }

  /**
   * {@code incoming}, a document from a person (with {@code {"set": true}} in place of secrets),
   * with the secrets of {@code pipelineId}'s latest version opened where it asks to keep them: a
   * preview or check of a design before it is saved.
   */
  public PipelineDocument opened(UUID pipelineId, int number, Incoming incoming) {
    List<SealedSecret> stored = catalog.secrets(pipelineId, number);
    Map<Place, String> plain = new LinkedHashMap<>();
    incoming
        .changes()
        .forEach(
            (place, change) -> {
              if (change instanceof Change.Replace replace) {
                plain.put(place, replace.value());
              } else {
                find(stored, place).ifPresent(s -> plain.put(place, open(pipelineId, s)));
              }
            });
    return fill(incoming.document(), plain, Set.of());
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
    return fill(incoming.document(), plain, Set.of());
  }

  /** Seals every sealed secret not sealed with the current key again; the number re-sealed. */
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
    names.addAll(PROPERTY_LISTS);
    // Only versions with a node that has such a field (Kafka nodes, for their property lists) or
    // a dead-letter password: a start reads nothing else.
    Map<String, PipelineVersion> candidates = new LinkedHashMap<>();
    for (PipelineVersion version : catalog.versionsWithConfigFields(names)) {
      candidates.put(version.pipelineId() + "/" + version.number(), version);
    }
    for (PipelineVersion version : catalog.versionsWithDeadLetterPassword()) {
      candidates.putIfAbsent(version.pipelineId() + "/" + version.number(), version);
    }
    int sealedCount = 0;
    int versions = 0;
    for (PipelineVersion version : candidates.values()) {
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
        // a field of the name in a node of another type, an empty one, Kafka properties with no
        // secret among them
        continue;
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

  private List<String> propertyLists(Node node) {
    return nodeTypes
        .find(node.type(), node.typeVersion())
        .map(
            type ->
                type.fields().stream()
                    .filter(f -> f.kind() == FieldKind.STRING_LIST)
                    .map(ConfigField::name)
                    .filter(PROPERTY_LISTS::contains)
                    .toList())
        .orElse(List.of());
  }

  private String open(UUID pipelineId, SealedSecret secret) {
    return box.open(secret.envelope(), context(pipelineId, placeOf(secret)));
  }

  private static Place placeOf(SealedSecret secret) {
    return new Place(secret.nodeId(), secret.field());
  }

  /**
   * {@code document} with {@code values} put in their places (a node field, a {@code key=value}
   * entry of a property list, the dead-letter password) and {@code masked} places shown as set.
   */
  private static PipelineDocument fill(
      PipelineDocument document, Map<Place, String> values, Set<Place> masked) {
    if (values.isEmpty() && masked.isEmpty()) {
      return document;
    }
    Map<Place, JsonNode> byPlace = new LinkedHashMap<>();
    values.forEach((place, value) -> byPlace.put(place, TextNode.valueOf(value)));
    masked.forEach(place -> byPlace.put(place, null)); // null: shown as set
    List<Node> nodes = new ArrayList<>();
    for (Node node : document.nodes()) {
      Map<String, JsonNode> config = new LinkedHashMap<>(node.config());
      boolean changed = false;
      for (var entry : byPlace.entrySet()) {
        Place place = entry.getKey();
        if (place.isDeadLetter() || !place.nodeId().equals(node.id().value())) {
          continue;
        }
        JsonNode value = entry.getValue();
        if (place.list() == null) {
          config.put(
              place.field(),
              value == null ? JsonNodeFactory.instance.objectNode().put(SET, true) : value);
        } else {
          JsonNode existing = config.get(place.list());
          ArrayNode list =
              existing != null && existing.isArray()
                  ? ((ArrayNode) existing).deepCopy()
                  : JsonNodeFactory.instance.arrayNode();
          if (value == null) {
            list.addObject().put("key", place.key()).put(SET, true);
          } else {
            list.add(place.key() + "=" + value.textValue());
          }
          config.put(place.list(), list);
        }
        changed = true;
      }
      nodes.add(
          changed
              ? new Node(node.id(), node.type(), node.typeVersion(), node.name(), config)
              : node);
    }
    Settings settings = document.settings();
    if (byPlace.containsKey(DEAD_LETTER_PASSWORD)
        && settings.deadLetter() instanceof DeadLetterTarget.Postgres pg) {
      JsonNode value = byPlace.get(DEAD_LETTER_PASSWORD);
      settings =
          withDeadLetter(
              settings,
              value == null ? pg.withoutPassword(true) : pg.withPassword(value.textValue()));
    }
    return new PipelineDocument(nodes, document.edges(), settings, document.layout());
  }

  private static Settings withDeadLetter(Settings settings, DeadLetterTarget target) {
    return new Settings(
        settings.checkpointInterval(),
        settings.parallelism(),
        settings.deliveryGuarantee(),
        settings.restartPolicy(),
        target);
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
