package io.sluice.connectors.file.reader;

import io.sluice.connectors.file.BadRecord;
import org.apache.flink.types.Either;
import org.apache.flink.types.Row;

/** A record read from a file with the position right after it, handed from fetcher to emitter. */
record FileRecord(Either<Row, BadRecord> value, long nextOffset, long nextLine) {}
