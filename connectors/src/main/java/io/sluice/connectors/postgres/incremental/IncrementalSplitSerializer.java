package io.sluice.connectors.postgres.incremental;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/** Version 1: the number of offset values, then each as UTF-8 bytes with their length. */
public final class IncrementalSplitSerializer
    implements SimpleVersionedSerializer<IncrementalSplit> {

  public static final IncrementalSplitSerializer INSTANCE = new IncrementalSplitSerializer();

  @Override
  public int getVersion() {
    return 1;
  }

  @Override
  public byte[] serialize(IncrementalSplit split) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(split.offset().size());
    for (String value : split.offset()) {
      byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
      out.writeInt(utf8.length);
      out.write(utf8);
    }
    out.flush();
    return bytes.toByteArray();
  }

  @Override
  public IncrementalSplit deserialize(int version, byte[] serialized) throws IOException {
    if (version != 1) {
      throw new IOException("Unknown incremental split version " + version);
    }
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized));
    int n = in.readInt();
    List<String> offset = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      byte[] utf8 = new byte[in.readInt()];
      in.readFully(utf8);
      offset.add(new String(utf8, StandardCharsets.UTF_8));
    }
    return new IncrementalSplit(offset);
  }
}
