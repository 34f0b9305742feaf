package io.sluice.connectors.file.sink;

import io.sluice.connectors.file.FileFormat;
import io.sluice.model.schema.Field;
import java.util.List;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.BasePathBucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;
import org.apache.flink.types.Row;

/**
 * The file-directory sink: rows into part files of a directory, committed with checkpoints.
 *
 * <p>Flink's {@link FileSink} writes each part file under a hidden name ({@code .part-…
 * .inprogress…}) and renames it to its final name only when the checkpoint that covers it
 * completes, so a reader of the directory that skips hidden files sees each record exactly once and
 * never a half-written file. A new part file starts at every checkpoint.
 *
 * <pre>{@code
 * rows.sinkTo(FileDirectorySinks.create("/data/out", FileFormat.CSV, ',', "orders", fields));
 * }</pre>
 */
public final class FileDirectorySinks {
  private FileDirectorySinks() {}

  public static FileSink<Row> create(
      String directory, FileFormat format, char delimiter, String prefix, List<Field> fields) {
    return FileSink.forRowFormat(
            new Path(java.nio.file.Path.of(directory).toAbsolutePath().toUri()),
            new RowLineEncoder(format, delimiter, fields))
        .withBucketAssigner(new BasePathBucketAssigner<>())
        .withRollingPolicy(OnCheckpointRollingPolicy.build())
        .withOutputFileConfig(
            OutputFileConfig.builder()
                .withPartPrefix(prefix)
                .withPartSuffix(format == FileFormat.CSV ? ".csv" : ".jsonl")
                .build())
        .build();
  }
}
