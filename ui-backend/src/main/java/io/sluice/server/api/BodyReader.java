package io.sluice.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.sluice.model.problem.Problem;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a JSON request body field by field and collects every problem before failing, so a client
 * learns all of its mistakes from one response.
 *
 * <p>{@code BodyReader body = BodyReader.object(ctx, mapper, Set.of("name", "description")); String
 * name = body.requiredString("name", 200); body.finish(); // throws ApiException with every problem
 * found }
 */
final class BodyReader {
  private final ObjectNode body;
  private final List<Problem> problems = new ArrayList<>();

  private BodyReader(ObjectNode body, Set<String> allowed) {
    this.body = body;
    Set<String> unknown = new TreeSet<>();
    for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!allowed.contains(name)) {
        unknown.add(name);
      }
    }
    for (String name : unknown) {
      problems.add(
          new Problem(
              null,
              name,
              "unknown-field",
              "Unknown field '" + name + "'; allowed fields are " + new TreeSet<>(allowed) + "."));
    }
  }

  /** Parses the body as a JSON object; malformed or non-object bodies fail at once with a 400. */
  static BodyReader object(Context ctx, ObjectMapper mapper, Set<String> allowed) {
    JsonNode tree = tree(ctx, mapper);
    if (!(tree instanceof ObjectNode object)) {
      throw ApiException.invalidBody(
          List.of(
              new Problem(
                  null,
                  null,
                  "wrong-type",
                  "The request body must be a JSON object, was " + describe(tree) + ".")));
    }
    return new BodyReader(object, allowed);
  }

  /** Parses the body as any JSON value; malformed or empty bodies fail with a 400. */
  static JsonNode tree(Context ctx, ObjectMapper mapper) {
    String text = ctx.body();
    if (text.isBlank()) {
      throw ApiException.badRequest(
          "malformed-json", "The request body is empty; a JSON document was expected.", List.of());
    }
    try {
      JsonNode tree = mapper.readTree(text);
      if (tree == null || tree.isMissingNode()) {
        throw ApiException.badRequest(
            "malformed-json", "The request body holds no JSON value.", List.of());
      }
      return tree;
    } catch (JsonProcessingException e) {
      var location = e.getLocation();
      String where =
          location == null
              ? ""
              : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
      throw ApiException.badRequest(
          "malformed-json",
          "The request body is not valid JSON"
              + where
              + ": "
              + withoutTokens(e.getOriginalMessage()),
          List.of());
    }
  }

  String requiredString(String field, int maxLength) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      problems.add(new Problem(null, field, "missing-field", "'" + field + "' is required."));
      return null;
    }
    return checkedString(field, value, maxLength, true);
  }

  String optionalString(String field, int maxLength) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    return checkedString(field, value, maxLength, false);
  }

  Integer requiredInt(String field, int min) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      problems.add(new Problem(null, field, "missing-field", "'" + field + "' is required."));
      return null;
    }
    if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < min) {
      problems.add(
          new Problem(
              null,
              field,
              "wrong-type",
              "'"
                  + field
                  + "' must be a whole number of at least "
                  + min
                  + ", was "
                  + value
                  + "."));
      return null;
    }
    return value.intValue();
  }

  Integer optionalInt(String field, int min) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    return requiredInt(field, min);
  }

  Boolean optionalBoolean(String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isBoolean()) {
      problems.add(
          new Problem(
              null,
              field,
              "wrong-type",
              "'" + field + "' must be true or false, was " + describe(value) + "."));
      return null;
    }
    return value.booleanValue();
  }

  JsonNode optionalObject(String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isObject()) {
      problems.add(
          new Problem(
              null,
              field,
              "wrong-type",
              "'" + field + "' must be a JSON object, was " + describe(value) + "."));
      return null;
    }
    return value;
  }

  JsonNode requiredObject(String field) {
    if (body.get(field) == null || body.get(field).isNull()) {
      problems.add(new Problem(null, field, "missing-field", "'" + field + "' is required."));
      return null;
    }
    return optionalObject(field);
  }

  /** A list of whole numbers of at least 1, at most {@code maxSize} of them; null when absent. */
  List<Long> optionalIdList(String field, int maxSize) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isArray()) {
      problems.add(
          new Problem(
              null,
              field,
              "wrong-type",
              "'" + field + "' must be an array of ids, was " + describe(value) + "."));
      return null;
    }
    if (value.size() > maxSize) {
      problems.add(
          new Problem(
              null,
              field,
              "too-many",
              "'" + field + "' may hold at most " + maxSize + " ids, had " + value.size() + "."));
      return null;
    }
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < value.size(); i++) {
      JsonNode id = value.get(i);
      if (!id.isIntegralNumber() || !id.canConvertToLong() || id.longValue() < 1) {
        problems.add(
            new Problem(
                null,
                field + "[" + i + "]",
                "wrong-type",
                "'"
                    + field
                    + "["
                    + i
                    + "]' must be a dead letter id (a whole number of at least"
                    + " 1), was "
                    + id
                    + "."));
        return null;
      }
      ids.add(id.longValue());
    }
    return ids;
  }

  /** Whether the body has the field, with any value. */
  boolean has(String field) {
    return body.has(field);
  }

  /** Whether the field is absent or JSON null. */
  boolean isNull(String field) {
    return body.get(field) == null || body.get(field).isNull();
  }

  /** Adds a problem found by the caller about a value read from the body. */
  void problem(Problem problem) {
    problems.add(problem);
  }

  /** Throws an {@link ApiException} listing every problem found so far, if any. */
  void finish() {
    if (!problems.isEmpty()) {
      throw ApiException.invalidBody(problems);
    }
  }

  private String checkedString(String field, JsonNode value, int maxLength, boolean required) {
    if (!value.isTextual()) {
      problems.add(
          new Problem(
              null,
              field,
              "wrong-type",
              "'" + field + "' must be a string, was " + describe(value) + "."));
      return null;
    }
    String text = value.textValue().strip();
    if (required && text.isEmpty()) {
      problems.add(new Problem(null, field, "blank", "'" + field + "' must not be blank."));
      return null;
    }
    if (text.length() > maxLength) {
      problems.add(
          new Problem(
              null,
              field,
              "too-long",
              "'"
                  + field
                  + "' must be at most "
                  + maxLength
                  + " characters, was "
                  + text.length()
                  + "."));
      return null;
    }
    return text;
  }

  private static String describe(JsonNode node) {
    return switch (node.getNodeType()) {
      case ARRAY -> "an array";
      case BOOLEAN -> "a boolean";
      case NUMBER -> "a number";
      case STRING -> "a string";
      case NULL -> "null";
      case OBJECT, POJO -> "an object";
      case BINARY -> "binary";
      case MISSING -> "nothing";
    };
  }

  /**
   * The parser's message without the text of the token it stopped at: a mistyped request may hold a
   * secret, which a problem document must not repeat.
   */
  static String withoutTokens(String message) {
    if (message == null) {
      return "unreadable";
    }
    return message.replaceAll("(Unrecognized token|Unexpected character) '[^']*'", "$1");
  }
}
