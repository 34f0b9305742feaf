package io.sluice.model.connection;

import io.sluice.model.nodetype.ConfigField;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A kind of stored connection ({@code postgres}, {@code kafka}, {@code s3}) and its fields. The
 * fields are {@link ConfigField}s, so the designer renders the connection form with the same
 * controls as a node form, and the secret ones ({@link ConfigField#secret()}) are the ones stored
 * encrypted.
 *
 * @param name the kind as written in a connection and in a node field's {@code connectionKind}
 */
public record ConnectionKind(String name, String title, List<ConfigField> fields) {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");

  public ConnectionKind {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("Connection kind '" + name + "' must be lower case");
    }
    fields = List.copyOf(fields);
  }

  public Optional<ConfigField> field(String fieldName) {
    return fields.stream().filter(f -> f.name().equals(fieldName)).findFirst();
  }

  /** The names of the secret fields, encrypted at rest and never returned. */
  public List<String> secretFields() {
    return fields.stream().filter(ConfigField::secret).map(ConfigField::name).toList();
  }
}
