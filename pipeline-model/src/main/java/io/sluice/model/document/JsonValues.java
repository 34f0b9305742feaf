package io.sluice.model.document;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;

/**
 * Copies config values into the shape a JSON parser would produce.
 *
 * <p>Jackson's {@code IntNode(5)} and {@code LongNode(5)} are not equal, yet both are written as
 * {@code 5}. Normalizing numbers here keeps {@code read(write(doc)).equals(doc)} true however a
 * caller built the values.
 */
final class JsonValues {

  private static final BigInteger MIN_INT = BigInteger.valueOf(Integer.MIN_VALUE);
  private static final BigInteger MAX_INT = BigInteger.valueOf(Integer.MAX_VALUE);
  private static final BigInteger MIN_LONG = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger MAX_LONG = BigInteger.valueOf(Long.MAX_VALUE);

  private JsonValues() {}

  /** A deep, normalized copy of {@code value}; throws for nodes JSON text cannot hold. */
  static JsonNode canonicalCopy(JsonNode value) {
    return switch (value.getNodeType()) {
      case OBJECT -> {
        ObjectNode copy = JsonNodeFactory.instance.objectNode();
        value.properties().forEach(e -> copy.set(e.getKey(), canonicalCopy(e.getValue())));
        yield copy;
      }
      case ARRAY -> {
        ArrayNode copy = JsonNodeFactory.instance.arrayNode();
        value.forEach(element -> copy.add(canonicalCopy(element)));
        yield copy;
      }
      case NUMBER -> canonicalNumber(value);
      case STRING, BOOLEAN, NULL -> value; // immutable
      case BINARY, POJO, MISSING ->
          throw new IllegalArgumentException(
              "Config values must be plain JSON, got a " + value.getNodeType() + " node");
    };
  }

  private static JsonNode canonicalNumber(JsonNode value) {
    if (value.isIntegralNumber()) {
      BigInteger n = value.bigIntegerValue();
      if (n.compareTo(MIN_INT) >= 0 && n.compareTo(MAX_INT) <= 0) {
        return IntNode.valueOf(n.intValue());
      }
      if (n.compareTo(MIN_LONG) >= 0 && n.compareTo(MAX_LONG) <= 0) {
        return LongNode.valueOf(n.longValue());
      }
      return BigIntegerNode.valueOf(n);
    }
    if (value.isDouble() || value.isFloat()) {
      double d = value.doubleValue();
      if (!Double.isFinite(d)) {
        throw new IllegalArgumentException("Config numbers must be finite, got " + d);
      }
      return DoubleNode.valueOf(d);
    }
    return value; // BigDecimal: keep its precision
  }
}
