package io.sluice.model.nodetype;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.sluice.model.document.Durations;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One config field of a node type: enough for the designer to render a form control and for the
 * validator to check a value, so both agree on what a valid config is.
 *
 * <p>The constructor rejects inconsistent fields (an {@code enum} without allowed values, a default
 * that does not fit, bounds on a string…), because a broken descriptor is a bug in Sluice, not a
 * user's mistake.
 *
 * <pre>{@code
 * ConfigField path = ConfigField.builder("path", FieldKind.STRING)
 *     .label("Directory")
 *     .required()
 *     .help("Absolute path of the directory to watch.")
 *     .group("Source")
 *     .build();
 * }</pre>
 *
 * @param name the key in the node's {@code config}, lowerCamel
 * @param defaultValue the value used when the field is absent, or {@code null} for none
 * @param allowedValues the choices of an {@link FieldKind#ENUM} field; empty for other kinds
 * @param secret whether the value is a secret (stored encrypted, never returned by the API)
 * @param help a sentence or two for the person filling in the form, or {@code null}
 * @param group the form section the field belongs to, or {@code null} for the main section
 * @param min inclusive lower bound of an {@link FieldKind#INTEGER} or {@link FieldKind#NUMBER}
 * @param max inclusive upper bound of an {@link FieldKind#INTEGER} or {@link FieldKind#NUMBER}
 * @param connectionKind for a {@link FieldKind#STRING} field that names a stored connection ({@code
 *     io.sluice.model.connection}), the kind of connection it takes ({@code postgres}, {@code
 *     kafka}, {@code s3}); {@code null} for every other field
 * @param inputFields whether the value names fields of the node's input (one for a {@link
 *     FieldKind#STRING}, several for a {@link FieldKind#STRING_LIST}), so that the designer offers
 *     the input's field names instead of free text
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConfigField(
    String name,
    String label,
    FieldKind kind,
    boolean required,
    JsonNode defaultValue,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> allowedValues,
    boolean secret,
    String help,
    String group,
    Long min,
    Long max,
    String connectionKind,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean inputFields) {

  private static final Pattern NAME = Pattern.compile("[a-z][A-Za-z0-9]*");

  public ConfigField {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "Config field name '" + name + "' must be lowerCamel letters and digits");
    }
    if (label == null || label.isBlank()) {
      throw new IllegalArgumentException(name + ": label must not be blank");
    }
    Objects.requireNonNull(kind, name + ": kind");
    allowedValues = List.copyOf(allowedValues == null ? List.of() : allowedValues);
    if ((kind == FieldKind.ENUM) == allowedValues.isEmpty()) {
      throw new IllegalArgumentException(
          name + ": allowed values are required for an enum field and only for an enum field");
    }
    if (new HashSet<>(allowedValues).size() != allowedValues.size()) {
      throw new IllegalArgumentException(name + ": allowed values repeat: " + allowedValues);
    }
    boolean numeric = kind == FieldKind.INTEGER || kind == FieldKind.NUMBER;
    if (!numeric && (min != null || max != null)) {
      throw new IllegalArgumentException(name + ": only integer and number fields have bounds");
    }
    if (inputFields && kind != FieldKind.STRING && kind != FieldKind.STRING_LIST) {
      throw new IllegalArgumentException(name + ": only string and string-list fields name fields");
    }
    if (min != null && max != null && min > max) {
      throw new IllegalArgumentException(name + ": min " + min + " is above max " + max);
    }
    if (secret && kind != FieldKind.STRING && kind != FieldKind.TEXT) {
      throw new IllegalArgumentException(name + ": only string and text fields can be secret");
    }
    if (connectionKind != null && (kind != FieldKind.STRING || secret)) {
      throw new IllegalArgumentException(name + ": a connection field is a plain string field");
    }
    if (help != null && help.isBlank()) {
      help = null;
    }
    if (group != null && group.isBlank()) {
      group = null;
    }
    if (defaultValue != null && defaultValue.isNull()) {
      defaultValue = null;
    }
    if (defaultValue != null) {
      if (required) {
        throw new IllegalArgumentException(
            name + ": a required field has no default; the person must choose a value");
      }
      if (secret) {
        throw new IllegalArgumentException(name + ": a secret cannot have a default");
      }
      defaultValue = defaultValue.deepCopy();
    }
    if (defaultValue != null) {
      String wrong = check(kind, false, allowedValues, min, max, defaultValue);
      if (wrong != null) {
        throw new IllegalArgumentException(name + ": default value " + defaultValue + " " + wrong);
      }
    }
  }

  /** Starts a field; see the class comment for an example. */
  public static Builder builder(String name, FieldKind kind) {
    return new Builder(name, kind);
  }

  /** A copy of the default value, or {@code null}. */
  @Override
  public JsonNode defaultValue() {
    return defaultValue == null ? null : defaultValue.deepCopy();
  }

  /**
   * Why {@code value} does not fit this field, as the end of a sentence that starts with the field
   * ("must be a whole number, got …"); empty if it fits. JSON {@code null} is not checked here:
   * absent-or-null is the caller's concern (required or default).
   */
  public Optional<String> checkValue(JsonNode value) {
    Objects.requireNonNull(value, "value");
    return Optional.ofNullable(check(kind, required, allowedValues, min, max, value));
  }

  // Static so that the compact constructor can check the default before the fields are assigned.
  private static String check(
      FieldKind kind,
      boolean required,
      List<String> allowedValues,
      Long min,
      Long max,
      JsonNode value) {
    return switch (kind) {
      case STRING, TEXT, EXPRESSION -> checkText(value, required);
      case INTEGER ->
          value.isIntegralNumber() && value.canConvertToLong()
              ? checkBounds(value.longValue(), value.asText(), min, max)
              : "must be a whole number, got " + describe(value);
      case NUMBER ->
          value.isNumber()
              ? checkBounds(value.doubleValue(), value.asText(), min, max)
              : "must be a number, got " + describe(value);
      case BOOLEAN -> value.isBoolean() ? null : "must be true or false, got " + describe(value);
      case ENUM ->
          value.isTextual() && allowedValues.contains(value.textValue())
              ? null
              : "must be one of " + String.join(", ", allowedValues) + ", got " + describe(value);
      case DURATION -> checkDuration(value);
      case STRING_LIST -> checkStringList(value, required);
    };
  }

  private static String checkText(JsonNode value, boolean required) {
    if (!value.isTextual()) {
      return "must be a string, got " + describe(value);
    }
    return required && value.textValue().isBlank() ? "must not be blank" : null;
  }

  private static String checkBounds(double value, String text, Long min, Long max) {
    if (min != null && value < min) {
      return "must be at least " + min + ", got " + text;
    }
    if (max != null && value > max) {
      return "must be at most " + max + ", got " + text;
    }
    return null;
  }

  private static String checkDuration(JsonNode value) {
    if (!value.isTextual()) {
      return "must be " + Durations.EXPECTED + " in quotes, got " + describe(value);
    }
    var duration = Durations.parse(value.textValue());
    if (duration.isEmpty()) {
      return "must be " + Durations.EXPECTED + ", got " + describe(value);
    }
    return duration.get().isNegative() ? "must not be negative, got " + describe(value) : null;
  }

  private static String checkStringList(JsonNode value, boolean required) {
    if (!value.isArray()) {
      return "must be an array of strings, got " + describe(value);
    }
    for (int i = 0; i < value.size(); i++) {
      JsonNode element = value.get(i);
      if (!element.isTextual() || element.textValue().isBlank()) {
        return "must be an array of non-blank strings, but entry "
            + (i + 1)
            + " is "
            + describe(element);
      }
    }
    return required && value.isEmpty() ? "needs at least one entry" : null;
  }

  private static String describe(JsonNode value) {
    return switch (value.getNodeType()) {
      case STRING -> "\"" + value.textValue() + "\"";
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      default -> value.asText();
    };
  }

  /** Builds a {@link ConfigField}; the checks run in {@link #build()}. */
  public static final class Builder {
    private final String name;
    private final FieldKind kind;
    private String label;
    private boolean required;
    private JsonNode defaultValue;
    private List<String> allowedValues = List.of();
    private boolean secret;
    private String help;
    private String group;
    private Long min;
    private Long max;
    private String connectionKind;
    private boolean inputFields;

    private Builder(String name, FieldKind kind) {
      this.name = name;
      this.kind = kind;
    }

    /** The form label; defaults to the field name. */
    public Builder label(String label) {
      this.label = label;
      return this;
    }

    public Builder required() {
      this.required = true;
      return this;
    }

    public Builder defaultValue(JsonNode value) {
      this.defaultValue = value;
      return this;
    }

    public Builder defaultValue(String value) {
      return defaultValue(TextNode.valueOf(value));
    }

    public Builder defaultValue(boolean value) {
      return defaultValue(BooleanNode.valueOf(value));
    }

    public Builder defaultValue(long value) {
      // Int where it fits, as a JSON parser would read it back.
      return defaultValue(
          value == (int) value ? IntNode.valueOf((int) value) : LongNode.valueOf(value));
    }

    public Builder allowedValues(String... values) {
      this.allowedValues = List.of(values);
      return this;
    }

    public Builder secret() {
      this.secret = true;
      return this;
    }

    public Builder help(String help) {
      this.help = help;
      return this;
    }

    public Builder group(String group) {
      this.group = group;
      return this;
    }

    public Builder min(long min) {
      this.min = min;
      return this;
    }

    public Builder max(long max) {
      this.max = max;
      return this;
    }

    /** The field names a stored connection of this kind. */
    public Builder connection(String kind) {
      this.connectionKind = kind;
      return this;
    }

    /** The value names fields of the node's input; the designer offers their names. */
    public Builder inputFields() {
      this.inputFields = true;
      return this;
    }

    public ConfigField build() {
      return new ConfigField(
          name,
          label == null ? name : label,
          kind,
          required,
          defaultValue,
          allowedValues,
          secret,
          help,
          group,
          min,
          max,
          connectionKind,
          inputFields);
    }
  }
}
