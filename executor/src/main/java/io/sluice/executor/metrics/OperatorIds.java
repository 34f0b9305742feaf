package io.sluice.executor.metrics;

import java.nio.charset.StandardCharsets;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.shaded.guava33.com.google.common.hash.Hashing;

/**
 * The operator id Flink derives from an operator's uid, as metrics report it ({@code
 * <operator_id>}). Flink's {@code StreamGraphHasherV2} hashes a user-given uid with 128-bit murmur3
 * (seed 0) over its UTF-8 bytes; this repeats that, so metrics can be matched to the uids {@code
 * JobCompiler} gives ({@code node/<id>/<role>}) without relying on operator names.
 *
 * <pre>{@code
 * OperatorIds.of("node/orders/source"); // 32 hex digits
 * }</pre>
 */
public final class OperatorIds {
  private OperatorIds() {}

  /** The hex operator id of the operator with {@code uid}. */
  public static String of(String uid) {
    byte[] hash = Hashing.murmur3_128(0).hashString(uid, StandardCharsets.UTF_8).asBytes();
    return new OperatorID(hash).toHexString();
  }
}
