package io.sluice.connectors.logtail.enumerator;

import io.sluice.connectors.logtail.split.LogTailSplit;
import io.sluice.connectors.logtail.split.LogTailSplitSerializer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/** Version 1: created, count, then each split as split-serializer version and bytes. */
public final class LogTailEnumeratorStateSerializer
    implements SimpleVersionedSerializer<LogTailEnumeratorState> {
  public static final LogTailEnumeratorStateSerializer INSTANCE =
      new LogTailEnumeratorStateSerializer();
  private static final int VERSION = 1;

  @Override
  public int getVersion() {
    return VERSION;
  }

  @Override
  public byte[] serialize(LogTailEnumeratorState state) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeBoolean(state.created());
      out.writeInt(state.unassigned().size());
      for (LogTailSplit split : state.unassigned()) {
        byte[] s = LogTailSplitSerializer.INSTANCE.serialize(split);
        out.writeInt(LogTailSplitSerializer.INSTANCE.getVersion());
        out.writeInt(s.length);
        out.write(s);
      }
    }
    return bytes.toByteArray();
  }

  @Override
  public LogTailEnumeratorState deserialize(int version, byte[] serialized) throws IOException {
    if (version != VERSION) {
      throw new IOException("Unknown log-tail enumerator state version " + version);
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
      boolean created = in.readBoolean();
      int count = in.readInt();
      List<LogTailSplit> splits = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        int splitVersion = in.readInt();
        byte[] s = new byte[in.readInt()];
        in.readFully(s);
        splits.add(LogTailSplitSerializer.INSTANCE.deserialize(splitVersion, s));
      }
      return new LogTailEnumeratorState(created, splits);
    }
  }
}
