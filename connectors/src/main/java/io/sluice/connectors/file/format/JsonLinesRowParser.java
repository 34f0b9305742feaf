package io.sluice.connectors.file.format;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.sluice.model.schema.Field;
import io.sluice.model.schema.FieldType;
import io.sluice.model.schema.RecordSchema;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.List;
import org.apache.flink.types.Row;

/**
 * Reads one JSON object per line with Jackson. Fields are looked up by name (exact first, then
 * case-insensitive); a missing key or JSON {@code null} is a {@code null} field, other keys are
 * ignored. Numbers convert to any numeric field they fit exactly; strings convert as CSV text does.
 *
 * <pre>{@code
 * new JsonLinesRowParser(schema).parse("{\"id\": 7, \"amount\": \"1.50\"}")
 * }</pre>
 */
public final class JsonLinesRowParser implements RowParser {
  private final RecordSchema schema;
  private final ObjectReader reader;

  public JsonLinesRowParser(RecordSchema schema) {
    this.schema = schema;
    this.reader =
        new ObjectMapper()
            .reader()
            .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  @Override
  public ParseResult parse(String record) {
    JsonNode node;
    try {
      node = reader.readTree(record);
    } catch (JacksonException e) {
      return new ParseResult.Bad("Not valid JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      return new ParseResult.Bad("Not a JSON object");
    }
    List<Field> fields = schema.fields();
    Row row = Row.withPositions(fields.size());
    for (int i = 0; i < fields.size(); i++) {
      Field field = fields.get(i);
      JsonNode value = lookup(node, field.name());
      if (value == null || value.isNull()) {
        continue;
      }
      try {
        row.setField(i, convert(value, field.type()));
      } catch (ValueException e) {
        return new ParseResult.Bad("Field '" + field.name() + "': " + e.getMessage());
      }
    }
    return new ParseResult.Good(row);
  }

  private static JsonNode lookup(JsonNode object, String name) {
    JsonNode value = object.get(name);
    if (value != null) {
      return value;
    }
    for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
      String candidate = names.next();
      if (candidate.equalsIgnoreCase(name)) {
        return object.get(candidate);
      }
    }
    return null;
  }

  private static Object convert(JsonNode value, FieldType type) throws ValueException {
    if (value.isTextual()) {
      return FieldConverter.fromText(value.textValue(), type);
    }
    switch (type) {
      case STRING:
        return value.isValueNode() ? value.asText() : value.toString();
      case LONG:
        if (value.isNumber()) {
          try {
            return value.decimalValue().longValueExact();
          } catch (ArithmeticException e) {
            break;
          }
        }
        break;
      case DOUBLE:
        if (value.isNumber()) {
          return value.doubleValue();
        }
        break;
      case DECIMAL:
        if (value.isNumber()) {
          BigDecimal decimal = value.decimalValue();
          return FieldConverter.checkDecimal(decimal, decimal.toPlainString());
        }
        break;
      case BOOLEAN:
        if (value.isBoolean()) {
          return value.booleanValue();
        }
        break;
      default:
        break;
    }
    throw new ValueException(
        FieldConverter.abbreviate(value.toString()) + " is not a valid " + type.wireName());
  }
}
