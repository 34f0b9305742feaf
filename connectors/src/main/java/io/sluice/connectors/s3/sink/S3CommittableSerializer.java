package io.sluice.connectors.s3.sink;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/** Version 1: key and upload id as modified UTF-8, the number of parts, then each entity tag. */
final class S3CommittableSerializer implements SimpleVersionedSerializer<S3Committable> {
  static final int VERSION = 1;

  @Override
  public int getVersion() {
    return VERSION;
  }

  @Override
  public byte[] serialize(S3Committable committable) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeUTF(committable.key());
      out.writeUTF(committable.uploadId());
      out.writeInt(committable.etags().size());
      for (String etag : committable.etags()) {
        out.writeUTF(etag);
      }
    }
    return bytes.toByteArray();
  }

  @Override
  public S3Committable deserialize(int version, byte[] serialized) throws IOException {
    if (version != VERSION) {
      throw new IOException("Unknown version " + version + " of an S3 sink committable");
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
      String key = in.readUTF();
      String uploadId = in.readUTF();
      int parts = in.readInt();
      List<String> etags = new ArrayList<>(parts);
      for (int i = 0; i < parts; i++) {
        etags.add(in.readUTF());
      }
      return new S3Committable(key, uploadId, etags);
    }
  }
}
