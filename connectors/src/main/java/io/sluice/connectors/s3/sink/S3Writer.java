package io.sluice.connectors.s3.sink;

import io.sluice.connectors.file.sink.RowLineEncoder;
import io.sluice.model.schema.Field;
import io.sluice.model.schema.FieldType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.types.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsRequest;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/**
 * Writes rows into multipart uploads, one object at a time: a part is uploaded whenever {@code
 * partSize} bytes are buffered, and at each checkpoint the object is finished (its last part
 * uploaded) and handed to the committer, which completes the upload once the checkpoint is done.
 * Until then no reader sees the object.
 *
 * <p>Objects are named {@code <prefix><filePrefix>-<subtask>-<epoch>-<run>-<n><suffix>}: the epoch
 * counts the checkpoints this subtask took part in, {@code run} tells runs apart. A restored writer
 * aborts the uploads of its subtask from the restored epoch on, the ones started after the
 * checkpoint by a writer that then died; a writer that closes without a checkpoint (failure,
 * cancel) aborts its open upload itself.
 *
 * <p>Not thread-safe; Flink calls it from the task thread.
 */
final class S3Writer
    implements CommittingSinkWriter<Row, S3Committable>, StatefulSinkWriter<Row, S3WriterState> {
  private static final Logger LOG = LoggerFactory.getLogger(S3Writer.class);

  private final S3SinkSettings settings;
  private final S3Client client;
  private final int subtask;
  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final RowLineEncoder encoder;
  private final Counter recordsOut;
  private final Buffer buffer = new Buffer();
  private final List<S3Committable> finished = new ArrayList<>();

  private long epoch;
  private int fileInEpoch;

  /** The object being written, or null. */
  private String key;

  private String uploadId;
  private List<String> etags;
  private long fileBytes;

  S3Writer(
      S3SinkSettings settings, int subtask, Collection<S3WriterState> restored, Counter recordsOut)
      throws IOException {
    this.settings = settings;
    this.subtask = subtask;
    this.recordsOut = recordsOut;
    this.client = settings.connection().client();
    List<Field> fields =
        settings.fieldNames().stream().map(n -> new Field(n, FieldType.STRING)).toList();
    this.encoder = new RowLineEncoder(settings.format(), settings.delimiter(), fields);
    Map<Integer, Long> orphansFrom = new HashMap<>();
    long next = 1;
    for (S3WriterState state : restored) {
      orphansFrom.merge(state.subtask(), state.nextEpoch(), Math::min);
      next = Math.max(next, state.nextEpoch());
    }
    if (restored.isEmpty()) {
      orphansFrom.put(subtask, 0L); // a fresh start: nothing of this subtask is committed
    }
    this.epoch = next;
    abortOrphans(orphansFrom);
  }

  @Override
  public void write(Row row, Context context) throws IOException {
    encoder.encode(row, buffer);
    recordsOut.inc();
    if (buffer.size() >= settings.partSize()) {
      uploadPart();
    }
    if (key != null && fileBytes >= settings.maxFileSize()) {
      finishFile();
    }
  }

  @Override
  public void flush(boolean endOfInput) {
    // Parts go up as they fill; the rest goes with the object at prepareCommit.
  }

  @Override
  public Collection<S3Committable> prepareCommit() throws IOException {
    finishFile();
    epoch++;
    fileInEpoch = 0;
    List<S3Committable> committables = List.copyOf(finished);
    finished.clear();
    return committables;
  }

  @Override
  public List<S3WriterState> snapshotState(long checkpointId) {
    return List.of(new S3WriterState(subtask, epoch));
  }

  @Override
  public void close() throws Exception {
    try {
      if (uploadId != null) {
        abort(key, uploadId);
      }
    } finally {
      client.close();
    }
  }

  private void uploadPart() throws IOException {
    if (buffer.size() == 0) {
      return;
    }
    try {
      if (uploadId == null) {
        key =
            settings.prefix()
                + settings.filePrefix()
                + "-"
                + subtask
                + "-"
                + epoch
                + "-"
                + run
                + "-"
                + fileInEpoch++
                + settings.suffix();
        uploadId =
            client
                .createMultipartUpload(
                    CreateMultipartUploadRequest.builder()
                        .bucket(settings.connection().bucket())
                        .key(key)
                        .contentType(
                            settings.suffix().equals(".csv") ? "text/csv" : "application/x-ndjson")
                        .build())
                .uploadId();
        etags = new ArrayList<>();
        fileBytes = 0;
      }
      String etag =
          client
              .uploadPart(
                  UploadPartRequest.builder()
                      .bucket(settings.connection().bucket())
                      .key(key)
                      .uploadId(uploadId)
                      .partNumber(etags.size() + 1)
                      .contentLength((long) buffer.size())
                      .build(),
                  RequestBody.fromBytes(buffer.bytes()))
              .eTag();
      etags.add(etag);
      fileBytes += buffer.size();
      buffer.reset();
    } catch (SdkException e) {
      throw new IOException(
          "Cannot upload to "
              + settings.connection().uri(settings.prefix())
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /** Uploads the last part of the open object, if any, and queues it for the commit. */
  private void finishFile() throws IOException {
    uploadPart();
    if (uploadId != null) {
      finished.add(new S3Committable(key, uploadId, etags));
      key = null;
      uploadId = null;
      etags = null;
      fileBytes = 0;
    }
  }

  private void abortOrphans(Map<Integer, Long> fromEpochBySubtask) throws IOException {
    Pattern name =
        Pattern.compile(
            Pattern.quote(settings.prefix() + settings.filePrefix())
                + "-(\\d+)-(\\d+)-[0-9a-f]{8}-\\d+"
                + Pattern.quote(settings.suffix()));
    try {
      for (MultipartUpload upload :
          client
              .listMultipartUploadsPaginator(
                  ListMultipartUploadsRequest.builder()
                      .bucket(settings.connection().bucket())
                      .prefix(settings.prefix() + settings.filePrefix() + "-")
                      .build())
              .uploads()) {
        Matcher m = name.matcher(upload.key());
        if (!m.matches()) {
          continue;
        }
        Long from = fromEpochBySubtask.get(Integer.parseInt(m.group(1)));
        if (from != null && Long.parseLong(m.group(2)) >= from) {
          abort(upload.key(), upload.uploadId());
        }
      }
    } catch (SdkException e) {
      throw new IOException(
          "Cannot list the uploads under "
              + settings.connection().uri(settings.prefix())
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private void abort(String key, String uploadId) {
    try {
      client.abortMultipartUpload(
          AbortMultipartUploadRequest.builder()
              .bucket(settings.connection().bucket())
              .key(key)
              .uploadId(uploadId)
              .build());
      LOG.info("Aborted the unfinished upload of {}", settings.connection().uri(key));
    } catch (SdkException e) {
      // Harmless: a lifecycle rule or the next restore removes it.
      LOG.warn("Cannot abort the upload of {}", settings.connection().uri(key), e);
    }
  }

  /** A byte buffer whose array is handed to the SDK without a copy. */
  private static final class Buffer extends ByteArrayOutputStream {
    Buffer() {
      super(1024 * 1024);
    }

    byte[] bytes() {
      return java.util.Arrays.copyOf(buf, count);
    }
  }
}
