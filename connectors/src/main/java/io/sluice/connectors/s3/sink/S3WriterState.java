package io.sluice.connectors.s3.sink;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * What a writer remembers across a restore: its subtask and the epoch its next object belongs to.
 * Every upload of that subtask from that epoch on was started after the checkpoint and is not in
 * any committable, so the restored writer aborts it.
 */
record S3WriterState(int subtask, long nextEpoch) {

  /** Version 1: the subtask as an int, the epoch as a long. */
  static final class Serializer implements SimpleVersionedSerializer<S3WriterState> {
    @Override
    public int getVersion() {
      return 1;
    }

    @Override
    public byte[] serialize(S3WriterState state) throws IOException {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(12);
      try (DataOutputStream out = new DataOutputStream(bytes)) {
        out.writeInt(state.subtask());
        out.writeLong(state.nextEpoch());
      }
      return bytes.toByteArray();
    }

    @Override
    public S3WriterState deserialize(int version, byte[] serialized) throws IOException {
      if (version != 1) {
        throw new IOException("Unknown version " + version + " of an S3 sink writer state");
      }
      try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
        return new S3WriterState(in.readInt(), in.readLong());
      }
    }
  }
}
