package io.sluice.connectors.generator.split;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Writes a {@link GeneratorSplit} into checkpoints and savepoints. Version 1 layout: {@code int
 * index, int stride, long nextId, long endExclusive}.
 *
 * <p>Thread-safe: stateless.
 */
public final class GeneratorSplitSerializer implements SimpleVersionedSerializer<GeneratorSplit> {

  public static final GeneratorSplitSerializer INSTANCE = new GeneratorSplitSerializer();

  private static final int VERSION = 1;

  @Override
  public int getVersion() {
    return VERSION;
  }

  @Override
  public byte[] serialize(GeneratorSplit split) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(24);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      write(split, out);
    }
    return bytes.toByteArray();
  }

  @Override
  public GeneratorSplit deserialize(int version, byte[] serialized) throws IOException {
    checkVersion(version);
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
      return read(in);
    }
  }

  /** Writes one split; shared with the enumerator-state serializer. */
  public static void write(GeneratorSplit split, DataOutputStream out) throws IOException {
    out.writeInt(split.index());
    out.writeInt(split.stride());
    out.writeLong(split.nextId());
    out.writeLong(split.endExclusive());
  }

  /** Reads one split written by {@link #write}. */
  public static GeneratorSplit read(DataInputStream in) throws IOException {
    return new GeneratorSplit(in.readInt(), in.readInt(), in.readLong(), in.readLong());
  }

  private static void checkVersion(int version) throws IOException {
    if (version != VERSION) {
      throw new IOException("unknown generator split serializer version " + version);
    }
  }
}
