package io.sluice.executor.compile.replay;

import io.sluice.connectors.file.BadRecord;
import io.sluice.connectors.logtail.LogTailSettings;
import io.sluice.connectors.logtail.LogTailSource;
import io.sluice.connectors.logtail.reader.LogEventParser;
import java.nio.charset.Charset;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.types.Either;
import org.apache.flink.types.Row;

/**
 * Reads the raw events of replayed {@code log-tail} dead letters ({@code (source, raw)}) with the
 * parser the source itself uses, under the current version's settings: its format, pattern, fields
 * and timestamp. The file field gets the path named in the source ({@code <path> at byte
 * <offset>}). The event time is not stamped: windows and joins downstream take theirs from a field.
 *
 * <p>A dead letter keeps at most {@link LogTailSource#RAW_LIMIT} characters of its event, and one
 * of a line over the byte limit only its head, so one that long may be cut: it comes back as a dead
 * letter rather than as a record made from part of an event.
 */
final class ParseLogEvents implements MapFunction<Tuple2<String, String>, Either<Row, BadRecord>> {
  private static final long serialVersionUID = 1L;
  private static final String AT_BYTE = " at byte ";

  private final LogTailSettings settings;
  private transient LogEventParser parser;

  ParseLogEvents(LogTailSettings settings) {
    this.settings = settings;
  }

  @Override
  public Either<Row, BadRecord> map(Tuple2<String, String> record) {
    if (record.f1.length() >= LogTailSource.RAW_LIMIT
        || record.f1.getBytes(Charset.forName(settings.charset())).length
            >= settings.multiline().maxBytes()) {
      return Either.Right(
          new BadRecord(
              null,
              record.f0,
              record.f1,
              "The dead letter holds only the first "
                  + record.f1.length()
                  + " characters of the event, which may be longer; it is not replayed from"
                  + " part of an event. Read it from the file at the position in its source."));
    }
    if (parser == null) {
      parser = new LogEventParser(settings);
    }
    LogEventParser.Parsed parsed = parser.parse(record.f1, pathOf(record.f0));
    if (parsed.ok()) {
      return Either.Left(parsed.row());
    }
    return Either.Right(new BadRecord(null, record.f0, record.f1, parsed.reason()));
  }

  /** The file of a source such as {@code /var/log/app.log at byte 1024}, or null. */
  static String pathOf(String source) {
    if (source == null) {
      return null;
    }
    int at = source.lastIndexOf(AT_BYTE);
    return at > 0 ? source.substring(0, at) : source;
  }
}
