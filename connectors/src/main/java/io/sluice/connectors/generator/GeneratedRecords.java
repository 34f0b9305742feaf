package io.sluice.connectors.generator;

import io.sluice.model.schema.Field;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.types.Row;

/**
 * The records the generator emits: a pure function of {@code (seed, id)}, so a test (or a person)
 * can recompute what any record must hold without running Flink.
 *
 * <p>Schema: {@code id BIGINT, name STRING, amount DOUBLE, ts TIMESTAMP}. {@code id} is the
 * sequence number; the other fields are pseudo-random but fixed for a given seed and id.
 *
 * <pre>{@code
 * Row r = GeneratedRecords.record(7L, 42L);
 * assert r.equals(GeneratedRecords.record(7L, 42L));
 * }</pre>
 *
 * <p>Thread-safe: stateless.
 */
public final class GeneratedRecords {

  /** Field names, in order. */
  public static final List<String> FIELD_NAMES = List.of("id", "name", "amount", "ts");

  private static final List<String> NAMES =
      List.of(
          "ada",
          "alan",
          "barbara",
          "claude",
          "donald",
          "edsger",
          "frances",
          "grace",
          "john",
          "ken",
          "leslie",
          "margaret",
          "niklaus",
          "radia",
          "tony",
          "whitfield");

  /** Timestamps start here and advance about a second per id. */
  private static final long EPOCH_SECONDS =
      LocalDateTime.of(2025, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC);

  private GeneratedRecords() {}

  /** The row type of every generated record (named fields, see {@link #FIELD_NAMES}). */
  public static TypeInformation<Row> rowType() {
    return Types.ROW_NAMED(
        FIELD_NAMES.toArray(String[]::new),
        Types.LONG,
        Types.STRING,
        Types.DOUBLE,
        Types.LOCAL_DATE_TIME);
  }

  /** The record with the given id for the given seed; always the same for the same arguments. */
  public static Row record(long seed, long id) {
    if (id < 0) {
      throw new IllegalArgumentException("id must be >= 0, was " + id);
    }
    long h1 = mix(seed ^ mix(id));
    long h2 = mix(h1);
    long h3 = mix(h2);
    String name = NAMES.get((int) Long.remainderUnsigned(h1, NAMES.size())) + "-" + (h1 >>> 52);
    // Whole cents, so the value survives a round trip through text unchanged.
    double amount = Long.remainderUnsigned(h2, 1_000_000L) / 100.0;
    LocalDateTime ts =
        LocalDateTime.ofEpochSecond(
            EPOCH_SECONDS + id,
            (int) Long.remainderUnsigned(h3, 1000L) * 1_000_000,
            ZoneOffset.UTC);
    // Positional, like the rows Flink's RowSerializer gives back, so the two compare equal.
    return Row.of(id, name, amount, ts);
  }

  /**
   * The record with the given id for a declared schema: a field named {@code id} of type long is
   * the sequence number; every other field is pseudo-random for its type but fixed for a given
   * seed, id and position. Values survive a round trip through text: cents for doubles and
   * decimals, whole milliseconds for timestamps.
   */
  public static Row record(long seed, long id, List<Field> fields) {
    if (id < 0) {
      throw new IllegalArgumentException("id must be >= 0, was " + id);
    }
    Object[] values = new Object[fields.size()];
    long h = mix(seed ^ mix(id));
    for (int i = 0; i < fields.size(); i++) {
      h = mix(h + i);
      Field field = fields.get(i);
      values[i] =
          switch (field.type()) {
            case LONG -> field.name().equals("id") ? id : Long.remainderUnsigned(h, 1_000_000L);
            case DOUBLE -> Long.remainderUnsigned(h, 1_000_000L) / 100.0;
            case DECIMAL -> BigDecimal.valueOf(Long.remainderUnsigned(h, 1_000_000L), 2);
            case STRING ->
                NAMES.get((int) Long.remainderUnsigned(h, NAMES.size())) + "-" + (h >>> 52);
            case BOOLEAN -> (h & 1) == 1;
            case DATE -> LocalDate.of(2025, 1, 1).plusDays(Long.remainderUnsigned(h, 3650));
            case TIMESTAMP ->
                LocalDateTime.ofEpochSecond(
                    EPOCH_SECONDS + id,
                    (int) Long.remainderUnsigned(h, 1000L) * 1_000_000,
                    ZoneOffset.UTC);
          };
    }
    return Row.of(values);
  }

  /** SplitMix64's finaliser: a cheap, well-distributed 64-bit hash. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
