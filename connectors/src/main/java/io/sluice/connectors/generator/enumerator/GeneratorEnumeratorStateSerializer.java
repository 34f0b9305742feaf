package io.sluice.connectors.generator.enumerator;

import io.sluice.connectors.generator.split.GeneratorSplit;
import io.sluice.connectors.generator.split.GeneratorSplitSerializer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Writes a {@link GeneratorEnumeratorState}. Version 1 layout: {@code int count}, then each split
 * as {@link GeneratorSplitSerializer} writes it.
 *
 * <p>Thread-safe: stateless.
 */
public final class GeneratorEnumeratorStateSerializer
    implements SimpleVersionedSerializer<GeneratorEnumeratorState> {

  public static final GeneratorEnumeratorStateSerializer INSTANCE =
      new GeneratorEnumeratorStateSerializer();

  private static final int VERSION = 1;

  @Override
  public int getVersion() {
    return VERSION;
  }

  @Override
  public byte[] serialize(GeneratorEnumeratorState state) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(state.unassigned().size());
      for (GeneratorSplit split : state.unassigned()) {
        GeneratorSplitSerializer.write(split, out);
      }
    }
    return bytes.toByteArray();
  }

  @Override
  public GeneratorEnumeratorState deserialize(int version, byte[] serialized) throws IOException {
    if (version != VERSION) {
      throw new IOException("unknown generator enumerator state version " + version);
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
      int count = in.readInt();
      List<GeneratorSplit> splits = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        splits.add(GeneratorSplitSerializer.read(in));
      }
      return new GeneratorEnumeratorState(splits);
    }
  }
}
