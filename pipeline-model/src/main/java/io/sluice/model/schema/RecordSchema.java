package io.sluice.model.schema;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The ordered fields of the records on an edge.
 *
 * <p>Nodes declare fields as text, one {@code name: type} entry each, which {@link #parse} reads
 * into a schema or a list of mistakes:
 *
 * <pre>{@code
 * RecordSchema.parse(List.of("order_id: long", "amount: decimal", "placed_at: timestamp"))
 * }</pre>
 */
public record RecordSchema(List<Field> fields) {

  public RecordSchema {
    fields = List.copyOf(fields);
    Set<String> seen = new HashSet<>();
    for (Field field : fields) {
      if (!seen.add(field.name().toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException("Field '" + field.name() + "' appears twice");
      }
    }
  }

  public Optional<Field> field(String name) {
    return fields.stream().filter(f -> f.name().equalsIgnoreCase(name)).findFirst();
  }

  public List<String> names() {
    return fields.stream().map(Field::name).toList();
  }

  /** A parsed schema, or the reason each bad entry could not be read (by entry index). */
  public record Parsed(RecordSchema schema, List<EntryProblem> problems) {
    public Parsed {
      problems = List.copyOf(problems);
    }

    public boolean ok() {
      return problems.isEmpty();
    }
  }

  public record EntryProblem(int index, String message) {}

  public static Parsed parse(List<String> entries) {
    List<Field> fields = new ArrayList<>();
    List<EntryProblem> problems = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < entries.size(); i++) {
      String entry = entries.get(i) == null ? "" : entries.get(i);
      int colon = entry.indexOf(':');
      if (colon < 0) {
        problems.add(
            new EntryProblem(
                i, "'" + entry + "' must read 'name: type', for example 'amount: double'."));
        continue;
      }
      String name = entry.substring(0, colon).strip();
      String typeName = entry.substring(colon + 1).strip();
      Optional<FieldType> type = FieldType.fromWireName(typeName);
      if (!Field.isValidName(name)) {
        problems.add(
            new EntryProblem(
                i,
                "Field name '"
                    + name
                    + "' must start with a letter or _ and hold only letters, digits and _."));
      } else if (type.isEmpty()) {
        problems.add(
            new EntryProblem(
                i,
                "Unknown type '"
                    + typeName
                    + "' for field '"
                    + name
                    + "'; the types are "
                    + FieldType.wireNames()
                    + "."));
      } else if (!seen.add(name.toLowerCase(Locale.ROOT))) {
        problems.add(new EntryProblem(i, "Field '" + name + "' is declared twice."));
      } else {
        fields.add(new Field(name, type.get()));
      }
    }
    return new Parsed(problems.isEmpty() ? new RecordSchema(fields) : null, problems);
  }
}
