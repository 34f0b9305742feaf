package io.sluice.connectors.postgres;

import java.io.IOException;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * The writer keeps no state: it is stateful only to learn checkpoint ids, which name its
 * transactions. Kept as a type so that state can be added later under a new version.
 */
final class PostgresWriterState {

  private PostgresWriterState() {}

  static final class Serializer implements SimpleVersionedSerializer<PostgresWriterState> {
    @Override
    public int getVersion() {
      return 1;
    }

    @Override
    public byte[] serialize(PostgresWriterState state) {
      return new byte[0];
    }

    @Override
    public PostgresWriterState deserialize(int version, byte[] serialized) throws IOException {
      throw new IOException("The PostgreSQL sink writer never stores state");
    }
  }
}
