package io.sluice.connectors.file;

import io.sluice.model.schema.RecordSchema;
import java.nio.charset.Charset;
import java.time.Duration;

/**
 * How a source of immutable files reads them, wherever they live: a directory ({@link
 * FileDirectorySourceSettings}) or an S3 prefix ({@code S3SourceSettings}). The enumerator and
 * reader of the file-directory source take this and a {@link FileStore}, so both sources share
 * them.
 */
public interface FileSourceSpec {
  FileFormat format();

  CsvOptions csv();

  RecordSchema schema();

  /** The charset files are decoded with. */
  Charset charset();

  boolean bounded();

  Duration discoveryInterval();

  Duration lateFileGrace();
}
