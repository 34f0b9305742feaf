package io.sluice.executor.compile.sample;

import io.sluice.connectors.file.BadRecord;
import io.sluice.connectors.kafka.source.KafkaRecordParser;
import io.sluice.connectors.kafka.source.KafkaSourceSettings;
import io.sluice.connectors.logtail.LogTailSettings;
import io.sluice.connectors.logtail.LogTailSource;
import io.sluice.connectors.logtail.split.LogTailSplit;
import io.sluice.connectors.logtail.split.TrackedLog;
import io.sluice.connectors.s3.source.S3Source;
import io.sluice.connectors.s3.source.S3SourceSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.types.Either;
import org.apache.flink.types.Row;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;

/**
 * The sources a preview reads in place of a node's own: the same connectors, told to read what is
 * there when the preview starts, at most {@code limit} records, and to leave no trace where a run
 * keeps its progress.
 *
 * <pre>{@code
 * env.fromSource(PreviewSources.kafka(settings, 100), WatermarkStrategy.noWatermarks(), "orders");
 * }</pre>
 */
public final class PreviewSources {
  private PreviewSources() {}

  /**
   * A Kafka source that stops at each partition's end offset of the moment it starts, with no
   * consumer group: nothing is committed, so a pipeline's group offsets and its checkpointed
   * offsets are untouched. It starts where the node says, except that a node starting at the latest
   * offset reads the last {@code limit} records of each partition (from the latest offset, a
   * bounded read would see nothing).
   */
  public static LimitedSource<Either<Row, BadRecord>, ?, ?> kafka(
      KafkaSourceSettings settings, int limit) {
    KafkaSourceBuilder<Either<Row, BadRecord>> builder =
        KafkaSource.<Either<Row, BadRecord>>builder()
            .setBootstrapServers(settings.bootstrapServers())
            .setDeserializer(new KafkaRecordParser(settings))
            .setStartingOffsets(
                switch (settings.startFrom()) {
                  case EARLIEST -> OffsetsInitializer.earliest();
                  case LATEST -> new LastRecords(limit);
                  case TIMESTAMP -> OffsetsInitializer.timestamp(settings.startTimestamp());
                })
            .setBounded(OffsetsInitializer.latest());
    if (settings.pattern().isPresent()) {
      builder.setTopicPattern(Pattern.compile(settings.topicPattern()));
    } else {
      builder.setTopics(settings.topics());
    }
    builder.setProperty("isolation.level", "read_committed");
    Map<String, String> properties = new LinkedHashMap<>(settings.properties());
    // No group: a preview must not commit offsets in the name of the pipeline's group.
    properties.remove("group.id");
    properties.forEach(builder::setProperty);
    builder.setProperty("enable.auto.commit", "false");
    builder.setProperty("commit.offsets.on.checkpoint", "false");
    builder.setProperty("partition.discovery.interval.ms", "-1");
    builder.setProperty("client.id.prefix", "sluice-preview-" + java.util.UUID.randomUUID());
    return new LimitedSource<>(builder.build(), limit, null);
  }

  /** The objects under the prefix when the preview starts, read until {@code limit} records. */
  public static LimitedSource<Either<Row, BadRecord>, ?, ?> s3(
      S3SourceSettings settings, int limit) {
    S3SourceSettings once =
        new S3SourceSettings(
            settings.connection(),
            settings.prefix(),
            settings.glob(),
            settings.discoveryInterval(),
            settings.format(),
            settings.csv(),
            settings.schema(),
            true,
            settings.lateFileGrace());
    return new LimitedSource<>(new S3Source(once), limit, null);
  }

  /**
   * The log files of the directory as they are when the preview starts, each read from its
   * beginning (also for a node that starts at the end, which would show nothing), to their last
   * complete line; the source ends when it got there or read {@code limit} events.
   */
  public static LimitedSource<Either<Row, BadRecord>, ?, ?> logTail(
      LogTailSettings settings, int limit) {
    LogTailSettings fromStart =
        new LogTailSettings(
            settings.directory(),
            settings.filePattern(),
            false,
            settings.pollInterval(),
            settings.multiline(),
            settings.format(),
            settings.linePattern(),
            settings.grokPatterns(),
            settings.fields(),
            settings.timestampField(),
            settings.timestampFormat(),
            settings.fileField(),
            settings.charset());
    return new LimitedSource<>(
        new LogTailSource(fromStart), limit, new ReadTo(completeLines(settings)));
  }

  /** Each matching file's path and the offset after its last line break; empty files left out. */
  static Map<String, Long> completeLines(LogTailSettings settings) {
    Path directory = Path.of(settings.directory());
    PathMatcher glob = FileSystems.getDefault().getPathMatcher("glob:" + settings.filePattern());
    Map<String, Long> ends = new HashMap<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
      for (Path entry : entries) {
        if (entry.getFileName().toString().startsWith(".")
            || !Files.isRegularFile(entry)
            || !glob.matches(entry.getFileName())) {
          continue;
        }
        long end = lastLineEnd(entry);
        if (end > 0) {
          ends.put(entry.toString(), end);
        }
      }
    } catch (NoSuchFileException e) {
      return Map.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return ends;
  }

  private static long lastLineEnd(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer chunk = ByteBuffer.allocate(8192);
      for (long end = channel.size(); end > 0; ) {
        long start = Math.max(0, end - chunk.capacity());
        chunk.clear().limit((int) (end - start));
        while (chunk.hasRemaining() && channel.read(chunk, start + chunk.position()) > 0) {
          // the whole chunk
        }
        for (int i = chunk.position() - 1; i >= 0; i--) {
          if (chunk.get(i) == '\n') {
            return start + i + 1;
          }
        }
        end = start;
      }
      return 0;
    }
  }

  /** Whether the log-tail reader's offsets reached every file's end as found at the start. */
  private record ReadTo(Map<String, Long> ends) implements LimitedSource.CaughtUp<LogTailSplit> {
    ReadTo {
      ends = new HashMap<>(ends);
    }

    @Override
    public boolean test(java.util.List<LogTailSplit> splits) {
      if (ends.isEmpty()) {
        return true;
      }
      Map<String, Long> offsets = new HashMap<>();
      for (LogTailSplit split : splits) {
        for (TrackedLog file : split.files()) {
          offsets.merge(file.path(), file.offset(), Math::max);
        }
      }
      return ends.entrySet().stream()
          .allMatch(e -> offsets.getOrDefault(e.getKey(), -1L) >= e.getValue());
    }
  }

  /**
   * The last {@code limit} records of each partition: from the end offset back, not before the
   * start.
   */
  private record LastRecords(int limit) implements OffsetsInitializer {
    @Override
    public Map<TopicPartition, Long> getPartitionOffsets(
        Collection<TopicPartition> partitions, PartitionOffsetsRetriever retriever) {
      Map<TopicPartition, Long> ends = retriever.endOffsets(partitions);
      Map<TopicPartition, Long> beginnings = retriever.beginningOffsets(partitions);
      Map<TopicPartition, Long> offsets = new HashMap<>();
      for (TopicPartition partition : partitions) {
        long end = ends.getOrDefault(partition, 0L);
        long beginning = beginnings.getOrDefault(partition, 0L);
        offsets.put(partition, Math.max(beginning, end - limit));
      }
      return offsets;
    }

    @Override
    public OffsetResetStrategy getAutoOffsetResetStrategy() {
      return OffsetResetStrategy.LATEST;
    }
  }
}
