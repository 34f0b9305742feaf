package io.sluice.executor.compile.replay;

import io.sluice.connectors.file.BadRecord;
import io.sluice.connectors.file.FileDirectorySourceSettings;
import io.sluice.connectors.file.FileFormat;
import io.sluice.connectors.file.format.CsvRowParser;
import io.sluice.connectors.file.format.JsonLinesRowParser;
import io.sluice.connectors.file.format.ParseResult;
import io.sluice.connectors.file.format.RowParser;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.types.Either;
import org.apache.flink.types.Row;

/**
 * Reads the raw text of replayed dead letters ({@code (source, raw)}) as the node they came from
 * reads its input: a source's lines by its format and fields, a filter's or derive's JSON by the
 * fields of its input. A record that still does not fit becomes a {@link BadRecord} with its
 * original source and the new reason, as the source itself would emit it.
 *
 * <p>CSV with a header: each file's header (read when the job is built, from the file named in the
 * dead letter's source) maps columns to fields; a record whose file is gone is read by position.
 */
final class ParseDeadLetters
    implements MapFunction<Tuple2<String, String>, Either<Row, BadRecord>> {
  private static final long serialVersionUID = 1L;

  private final FileDirectorySourceSettings format;
  private final HashMap<String, String> headers;
  private transient RowParser positional;
  private transient Map<String, RowParser> byFile;

  ParseDeadLetters(FileDirectorySourceSettings format, Map<String, String> headers) {
    this.format = format;
    this.headers = new HashMap<>(headers);
  }

  @Override
  public Either<Row, BadRecord> map(Tuple2<String, String> record) {
    ParseResult result = parser(ReplayInput.fileOf(record.f0)).parse(record.f1);
    if (result instanceof ParseResult.Good good) {
      return Either.Left(good.row());
    }
    return Either.Right(
        new BadRecord(null, record.f0, record.f1, ((ParseResult.Bad) result).reason()));
  }

  private RowParser parser(String file) {
    if (positional == null) {
      byFile = new HashMap<>();
      positional =
          format.format() == FileFormat.JSON_LINES
              ? new JsonLinesRowParser(format.schema())
              : new CsvRowParser(format.csv(), format.schema()).positional();
    }
    String header = file == null ? null : headers.get(file);
    if (header == null) {
      return positional;
    }
    return byFile.computeIfAbsent(
        file, f -> new CsvRowParser(format.csv(), format.schema()).withHeader(header));
  }
}
