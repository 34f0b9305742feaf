package io.sluice.model.nodetype;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.model.id.PortName;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What one version of a node type looks like from outside: its role, ports and config fields. The
 * designer renders palettes and forms from descriptors; the validator checks nodes against them;
 * the executor looks up the implementation by {@code type} and {@code version}.
 *
 * <p>A new, incompatible config schema is a new {@code version}, so that stored pipelines keep
 * meaning what they meant.
 *
 * <pre>{@code
 * new NodeTypeDescriptor("filter", 1, NodeRole.TRANSFORM, "Filter", "Keeps matching records.",
 *     List.of(PortSpec.input()), List.of(PortSpec.output()),
 *     List.of(ConfigField.builder("condition", FieldKind.EXPRESSION).required().build()));
 * }</pre>
 *
 * @param type the type name used in documents, lower case with dashes
 * @param version the config schema version, from 1
 * @param outputPortsField the config field, a list of {@code port: …} entries, whose entries add
 *     output ports to the declared {@code outputs} (a route's branches); {@code null} when the
 *     outputs are fixed
 * @param connectionCheck whether Sluice can check a node's connection (reach the broker, database
 *     or directory its config names) before the pipeline runs: {@code POST
 *     /api/node-types/{type}/check}
 */
public record NodeTypeDescriptor(
    String type,
    int version,
    NodeRole role,
    String title,
    String description,
    List<PortSpec> inputs,
    List<PortSpec> outputs,
    List<ConfigField> fields,
    @JsonInclude(JsonInclude.Include.NON_NULL) String outputPortsField,
    boolean connectionCheck) {

  private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

  public NodeTypeDescriptor {
    if (type == null || !TYPE.matcher(type).matches()) {
      throw new IllegalArgumentException(
          "Node type '" + type + "' must be lower case words joined by '-'");
    }
    if (version < 1) {
      throw new IllegalArgumentException(type + ": version must be at least 1, got " + version);
    }
    Objects.requireNonNull(role, type + ": role");
    if (title == null || title.isBlank()) {
      throw new IllegalArgumentException(type + ": title must not be blank");
    }
    if (description == null || description.isBlank()) {
      throw new IllegalArgumentException(type + ": description must not be blank");
    }
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    fields = List.copyOf(fields);
    switch (role) {
      case SOURCE ->
          require(
              inputs.isEmpty() && !outputs.isEmpty(),
              type,
              "a source has no inputs and at least one output");
      case SINK ->
          require(
              outputs.isEmpty() && !inputs.isEmpty(),
              type,
              "a sink has no outputs and at least one input");
      case TRANSFORM ->
          require(
              !inputs.isEmpty() && !outputs.isEmpty(), type, "a transform has inputs and outputs");
    }
    requireUnique(inputs.stream().map(PortSpec::name).toList(), type, "input port");
    requireUnique(outputs.stream().map(PortSpec::name).toList(), type, "output port");
    requireUnique(fields.stream().map(ConfigField::name).toList(), type, "config field");
    if (outputPortsField != null) {
      String name = outputPortsField;
      require(
          fields.stream().anyMatch(f -> f.name().equals(name) && f.kind() == FieldKind.STRING_LIST),
          type,
          "output ports field '" + name + "' must be a string-list config field");
    }
  }

  /** A node type whose ports are all declared here, without a connection check. */
  public NodeTypeDescriptor(
      String type,
      int version,
      NodeRole role,
      String title,
      String description,
      List<PortSpec> inputs,
      List<PortSpec> outputs,
      List<ConfigField> fields) {
    this(type, version, role, title, description, inputs, outputs, fields, null, false);
  }

  /** A node type with output ports from config ({@code outputPortsField}), without a check. */
  public NodeTypeDescriptor(
      String type,
      int version,
      NodeRole role,
      String title,
      String description,
      List<PortSpec> inputs,
      List<PortSpec> outputs,
      List<ConfigField> fields,
      String outputPortsField) {
    this(type, version, role, title, description, inputs, outputs, fields, outputPortsField, false);
  }

  /**
   * The output ports of a node of this type with {@code config}: the declared outputs, then one
   * port per well-formed entry of {@link #outputPortsField} (the text before its first {@code :}).
   * Malformed entries add no port; the validator reports them.
   */
  public List<PortName> outputPorts(Map<String, JsonNode> config) {
    List<PortName> ports = new ArrayList<>(outputs.stream().map(PortSpec::name).toList());
    JsonNode list = outputPortsField == null ? null : config.get(outputPortsField);
    if (list != null && list.isArray()) {
      for (JsonNode entry : list) {
        if (entry.isTextual() && entry.textValue().indexOf(':') > 0) {
          String name = entry.textValue().substring(0, entry.textValue().indexOf(':')).strip();
          try {
            PortName port = new PortName(name);
            if (!ports.contains(port)) {
              ports.add(port);
            }
          } catch (IllegalArgumentException e) {
            // not a port name: reported by the validator, adds no port
          }
        }
      }
    }
    return List.copyOf(ports);
  }

  /** The declared input port {@code port}, if any. */
  public Optional<PortSpec> input(PortName port) {
    return inputs.stream().filter(p -> p.name().equals(port)).findFirst();
  }

  /** This descriptor, saying that its nodes' connections can be checked. */
  public NodeTypeDescriptor withConnectionCheck() {
    return new NodeTypeDescriptor(
        type, version, role, title, description, inputs, outputs, fields, outputPortsField, true);
  }

  /** The config field called {@code name}, if declared. */
  public Optional<ConfigField> field(String name) {
    return fields.stream().filter(f -> f.name().equals(name)).findFirst();
  }

  /** Whether an edge may end at input port {@code port}. */
  public boolean declaresInput(PortName port) {
    return inputs.stream().anyMatch(p -> p.name().equals(port));
  }

  /** Whether an edge may start at output port {@code port}. */
  public boolean declaresOutput(PortName port) {
    return outputs.stream().anyMatch(p -> p.name().equals(port));
  }

  private static void require(boolean condition, String type, String rule) {
    if (!condition) {
      throw new IllegalArgumentException(type + ": " + rule);
    }
  }

  private static void requireUnique(List<?> names, String type, String what) {
    Set<Object> seen = new HashSet<>();
    for (Object name : names) {
      if (!seen.add(name)) {
        throw new IllegalArgumentException(
            type + ": " + what + " '" + name + "' is declared twice");
      }
    }
  }
}
