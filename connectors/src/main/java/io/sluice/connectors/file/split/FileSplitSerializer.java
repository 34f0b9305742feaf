package io.sluice.connectors.file.split;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/** Version 1: path (modified UTF-8), modification time, offset, line. */
public final class FileSplitSerializer implements SimpleVersionedSerializer<FileSplit> {
  public static final FileSplitSerializer INSTANCE = new FileSplitSerializer();
  private static final int VERSION = 1;

  @Override
  public int getVersion() {
    return VERSION;
  }

  @Override
  public byte[] serialize(FileSplit split) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(split.path().length() + 32);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      write(split, out);
    }
    return bytes.toByteArray();
  }

  @Override
  public FileSplit deserialize(int version, byte[] serialized) throws IOException {
    if (version != VERSION) {
      throw new IOException("Unknown file split version " + version);
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
      return read(in);
    }
  }

  /** Writes a split into a larger structure, such as the enumerator state. */
  public static void write(FileSplit split, DataOutputStream out) throws IOException {
    out.writeUTF(split.path());
    out.writeLong(split.modificationTime());
    out.writeLong(split.offset());
    out.writeLong(split.line());
  }

  public static FileSplit read(DataInputStream in) throws IOException {
    return new FileSplit(in.readUTF(), in.readLong(), in.readLong(), in.readLong());
  }
}
