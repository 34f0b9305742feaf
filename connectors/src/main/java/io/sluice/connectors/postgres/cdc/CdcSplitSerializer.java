package io.sluice.connectors.postgres.cdc;

import java.nio.ByteBuffer;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/** Version 1: the LSN and the changes emitted of the next transaction, two longs. */
public final class CdcSplitSerializer implements SimpleVersionedSerializer<CdcSplit> {

  public static final CdcSplitSerializer INSTANCE = new CdcSplitSerializer();

  @Override
  public int getVersion() {
    return 1;
  }

  @Override
  public byte[] serialize(CdcSplit split) {
    return ByteBuffer.allocate(16)
        .putLong(split.lsn())
        .putLong(split.emittedInTransaction())
        .array();
  }

  @Override
  public CdcSplit deserialize(int version, byte[] serialized) throws java.io.IOException {
    if (version != 1) {
      throw new java.io.IOException("Unknown change split version " + version);
    }
    ByteBuffer buffer = ByteBuffer.wrap(serialized);
    return new CdcSplit(buffer.getLong(), buffer.getLong());
  }
}
