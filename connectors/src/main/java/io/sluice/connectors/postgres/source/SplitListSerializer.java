package io.sluice.connectors.postgres.source;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/** The enumerator state of {@link SingleSplitEnumerator}: its splits, each by their serializer. */
public final class SplitListSerializer<S> implements SimpleVersionedSerializer<List<S>> {

  private final SimpleVersionedSerializer<S> splits;

  public SplitListSerializer(SimpleVersionedSerializer<S> splits) {
    this.splits = splits;
  }

  @Override
  public int getVersion() {
    return 1;
  }

  @Override
  public byte[] serialize(List<S> list) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(splits.getVersion());
    out.writeInt(list.size());
    for (S split : list) {
      byte[] one = splits.serialize(split);
      out.writeInt(one.length);
      out.write(one);
    }
    out.flush();
    return bytes.toByteArray();
  }

  @Override
  public List<S> deserialize(int version, byte[] serialized) throws IOException {
    if (version != 1) {
      throw new IOException("Unknown split list version " + version);
    }
    DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(serialized));
    int splitVersion = in.readInt();
    int n = in.readInt();
    List<S> list = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      byte[] one = new byte[in.readInt()];
      in.readFully(one);
      list.add(splits.deserialize(splitVersion, one));
    }
    return list;
  }
}
