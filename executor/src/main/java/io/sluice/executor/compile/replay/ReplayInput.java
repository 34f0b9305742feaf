package io.sluice.executor.compile.replay;

import io.sluice.connectors.file.BadRecord;
import io.sluice.connectors.file.FileDirectorySource;
import io.sluice.connectors.file.FileDirectorySourceSettings;
import io.sluice.connectors.file.FileFormat;
import io.sluice.connectors.logtail.LogTailSettings;
import io.sluice.executor.compile.JobCompiler;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.typeutils.EitherTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Either;
import org.apache.flink.types.Row;

/**
 * The input of a replay: dead letters' raw records as a bounded stream, read into rows the way the
 * node they came from reads its input. The records travel inside the job (Flink's {@code fromData}
 * source, which checkpoints its position), so a replay needs no files of its own, and a replay that
 * restarts after a failure resumes from its checkpoint rather than from the start.
 */
public final class ReplayInput {
  private ReplayInput() {}

  /**
   * The records as {@code Either<Row, BadRecord>}, like a source's output before {@code
   * SplitBadRecords}.
   *
   * @param format how to read them: a source's settings, or JSON lines of the input's fields
   * @param csvHeader whether the source's files start with a header
   */
  public static DataStream<Either<Row, BadRecord>> of(
      StreamExecutionEnvironment env,
      String nodeId,
      List<JobCompiler.Replay.Record> records,
      FileDirectorySourceSettings format,
      boolean csvHeader) {
    Map<String, String> headers =
        csvHeader && format.format() == FileFormat.CSV ? headers(records, format) : Map.of();
    TypeInformation<Either<Row, BadRecord>> type =
        new EitherTypeInfo<>(
            FileDirectorySource.rowType(format.schema()), TypeInformation.of(BadRecord.class));
    return raw(env, nodeId, records)
        .map(new ParseDeadLetters(format, headers), type)
        .uid("node/" + nodeId + "/replay-parse")
        .name(nodeId + " replay parse");
  }

  /**
   * The raw events of a {@code log-tail} source's dead letters as {@code Either<Row, BadRecord>},
   * read by the source's own parser under {@code settings}.
   */
  public static DataStream<Either<Row, BadRecord>> ofLogTail(
      StreamExecutionEnvironment env,
      String nodeId,
      List<JobCompiler.Replay.Record> records,
      LogTailSettings settings) {
    TypeInformation<Either<Row, BadRecord>> type =
        new EitherTypeInfo<>(
            FileDirectorySource.rowType(settings.schema()), TypeInformation.of(BadRecord.class));
    return raw(env, nodeId, records)
        .map(new ParseLogEvents(settings), type)
        .uid("node/" + nodeId + "/replay-parse")
        .name(nodeId + " replay parse");
  }

  /** The records as {@code (source, raw)}, a bounded stream carried in the job. */
  private static org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator<
          Tuple2<String, String>>
      raw(StreamExecutionEnvironment env, String nodeId, List<JobCompiler.Replay.Record> records) {
    List<Tuple2<String, String>> tuples =
        records.stream().map(r -> Tuple2.of(r.source(), r.raw())).toList();
    TypeInformation<Tuple2<String, String>> raw = Types.TUPLE(Types.STRING, Types.STRING);
    // Flink's fromData fails at run time on an empty collection ("Reached the end of the
    // collection"), so no records is a sequence of one number that is filtered out.
    org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator<Tuple2<String, String>>
        lines =
            tuples.isEmpty()
                ? env.fromSequence(0, 0)
                    .uid("node/" + nodeId + "/replay-none")
                    .filter(n -> false)
                    .uid("node/" + nodeId + "/replay-none-filter")
                    .map(n -> Tuple2.of("", ""), raw)
                : env.fromData(tuples, raw);
    return lines.uid("node/" + nodeId + "/replay").name("Replay: " + nodeId);
  }

  /** The file of a source such as {@code /data/in/orders.csv:17}, or null. */
  static String fileOf(String source) {
    if (source == null) {
      return null;
    }
    int colon = source.lastIndexOf(':');
    return colon > 0 ? source.substring(0, colon) : null;
  }

  /** The first line of every file the records came from that can still be read. */
  private static Map<String, String> headers(
      List<JobCompiler.Replay.Record> records, FileDirectorySourceSettings format) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (JobCompiler.Replay.Record record : records) {
      String file = fileOf(record.source());
      if (file == null || headers.containsKey(file)) {
        continue;
      }
      try (BufferedReader reader = Files.newBufferedReader(Path.of(file), format.csv().charset())) {
        String first = reader.readLine();
        if (first != null) {
          headers.put(file, first.startsWith("\uFEFF") ? first.substring(1) : first);
        }
      } catch (IOException | RuntimeException e) {
        // Gone or unreadable: its records are read by position.
      }
    }
    return headers;
  }
}
