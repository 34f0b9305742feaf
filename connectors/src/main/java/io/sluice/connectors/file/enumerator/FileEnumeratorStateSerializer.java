package io.sluice.connectors.file.enumerator;

import io.sluice.connectors.file.split.FileSplit;
import io.sluice.connectors.file.split.FileSplitSerializer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Version 1: cutoff; count and (path, modification time) of assigned files; count and splits of
 * returned splits.
 */
public final class FileEnumeratorStateSerializer
    implements SimpleVersionedSerializer<FileEnumeratorState> {
  public static final FileEnumeratorStateSerializer INSTANCE = new FileEnumeratorStateSerializer();
  private static final int VERSION = 1;

  @Override
  public int getVersion() {
    return VERSION;
  }

  @Override
  public byte[] serialize(FileEnumeratorState state) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeLong(state.cutoff());
      out.writeInt(state.assigned().size());
      for (TrackedFile file : state.assigned()) {
        out.writeUTF(file.path());
        out.writeLong(file.modificationTime());
      }
      out.writeInt(state.returned().size());
      for (FileSplit split : state.returned()) {
        FileSplitSerializer.write(split, out);
      }
    }
    return bytes.toByteArray();
  }

  @Override
  public FileEnumeratorState deserialize(int version, byte[] serialized) throws IOException {
    if (version != VERSION) {
      throw new IOException("Unknown file enumerator state version " + version);
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
      long cutoff = in.readLong();
      int assignedCount = in.readInt();
      List<TrackedFile> assigned = new ArrayList<>(assignedCount);
      for (int i = 0; i < assignedCount; i++) {
        assigned.add(new TrackedFile(in.readUTF(), in.readLong()));
      }
      int returnedCount = in.readInt();
      List<FileSplit> returned = new ArrayList<>(returnedCount);
      for (int i = 0; i < returnedCount; i++) {
        returned.add(FileSplitSerializer.read(in));
      }
      return new FileEnumeratorState(cutoff, assigned, returned);
    }
  }
}
