package io.sluice.model.nodetype;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.model.document.Durations;
import io.sluice.model.document.Node;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A node's config as typed values, with the descriptor's defaults filled in. For code that runs a
 * node after the pipeline has passed validation, so a missing or ill-typed value here is a bug and
 * throws {@link IllegalStateException}.
 *
 * <pre>{@code
 * ConfigValues config = ConfigValues.of(descriptor, node);
 * Path dir = Path.of(config.string("path"));
 * Duration every = config.duration("discoveryInterval"); // 10s unless set
 * }</pre>
 */
public final class ConfigValues {

  private final NodeTypeDescriptor descriptor;
  private final Node node;

  private ConfigValues(NodeTypeDescriptor descriptor, Node node) {
    this.descriptor = descriptor;
    this.node = node;
  }

  /**
   * The config of {@code node} as seen through {@code descriptor}.
   *
   * @throws IllegalArgumentException if the descriptor is not for the node's type and version
   */
  public static ConfigValues of(NodeTypeDescriptor descriptor, Node node) {
    Objects.requireNonNull(descriptor, "descriptor");
    Objects.requireNonNull(node, "node");
    if (!descriptor.type().equals(node.type()) || descriptor.version() != node.typeVersion()) {
      throw new IllegalArgumentException(
          "Descriptor "
              + descriptor.type()
              + " v"
              + descriptor.version()
              + " does not describe node "
              + node.id()
              + " ("
              + node.type()
              + " v"
              + node.typeVersion()
              + ")");
    }
    return new ConfigValues(descriptor, node);
  }

  /** The value set on the node, else the field's default, else empty. */
  public Optional<JsonNode> get(String name) {
    ConfigField field = field(name);
    return node.configValue(name).or(() -> Optional.ofNullable(field.defaultValue()));
  }

  /** A string, text, expression, enum or duration field's text. */
  public String string(String name) {
    JsonNode value = require(name);
    if (!value.isTextual()) {
      throw illTyped(name, value);
    }
    return value.textValue();
  }

  public Optional<String> optionalString(String name) {
    return get(name).map(value -> value.isTextual() ? value.textValue() : null);
  }

  public long integer(String name) {
    JsonNode value = require(name);
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      throw illTyped(name, value);
    }
    return value.longValue();
  }

  public double number(String name) {
    JsonNode value = require(name);
    if (!value.isNumber()) {
      throw illTyped(name, value);
    }
    return value.doubleValue();
  }

  public boolean bool(String name) {
    JsonNode value = require(name);
    if (!value.isBoolean()) {
      throw illTyped(name, value);
    }
    return value.booleanValue();
  }

  public Duration duration(String name) {
    String text = string(name);
    return Durations.parse(text).orElseThrow(() -> illTyped(name, require(name)));
  }

  /** A string-list field's entries; empty if the optional field is unset. */
  public List<String> stringList(String name) {
    Optional<JsonNode> value = get(name);
    if (value.isEmpty()) {
      return List.of();
    }
    if (!value.get().isArray()) {
      throw illTyped(name, value.get());
    }
    List<String> entries = new ArrayList<>();
    for (JsonNode entry : value.get()) {
      if (!entry.isTextual()) {
        throw illTyped(name, value.get());
      }
      entries.add(entry.textValue());
    }
    return List.copyOf(entries);
  }

  private ConfigField field(String name) {
    return descriptor
        .field(name)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "Node type " + descriptor.type() + " has no config field '" + name + "'"));
  }

  private JsonNode require(String name) {
    return get(name)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "Node " + node.id() + " has no value for config field '" + name + "'"));
  }

  private IllegalStateException illTyped(String name, JsonNode value) {
    return new IllegalStateException(
        "Node "
            + node.id()
            + ": config field '"
            + name
            + "' holds "
            + value
            + "; was the pipeline validated?");
  }
}
