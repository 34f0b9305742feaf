package io.sluice.connectors.logtail.split;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Version 1: started, next id, file count, then per file id, path, key (modified UTF-8), first
 * length, first fingerprint, fingerprint length, fingerprint, offset.
 */
public final class LogTailSplitSerializer implements SimpleVersionedSerializer<LogTailSplit> {
  public static final LogTailSplitSerializer INSTANCE = new LogTailSplitSerializer();
  private static final int VERSION = 1;

  @Override
  public int getVersion() {
    return VERSION;
  }

  @Override
  public byte[] serialize(LogTailSplit split) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + split.files().size() * 96);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeBoolean(split.started());
      out.writeLong(split.nextId());
      out.writeInt(split.files().size());
      for (TrackedLog f : split.files()) {
        out.writeLong(f.id());
        out.writeUTF(f.path());
        out.writeUTF(f.key());
        out.writeInt(f.firstLength());
        out.writeLong(f.firstFingerprint());
        out.writeInt(f.fingerprintLength());
        out.writeLong(f.fingerprint());
        out.writeLong(f.offset());
      }
    }
    return bytes.toByteArray();
  }

  @Override
  public LogTailSplit deserialize(int version, byte[] serialized) throws IOException {
    if (version != VERSION) {
      throw new IOException("Unknown log-tail split version " + version);
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
      boolean started = in.readBoolean();
      long nextId = in.readLong();
      int count = in.readInt();
      List<TrackedLog> files = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        files.add(
            new TrackedLog(
                in.readLong(),
                in.readUTF(),
                in.readUTF(),
                in.readInt(),
                in.readLong(),
                in.readInt(),
                in.readLong(),
                in.readLong()));
      }
      return new LogTailSplit(files, started, nextId);
    }
  }
}
