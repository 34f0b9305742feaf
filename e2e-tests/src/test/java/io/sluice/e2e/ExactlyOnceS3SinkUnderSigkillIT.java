package io.sluice.e2e;

import static io.sluice.e2e.SigkillHarness.quote;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.connectors.s3.S3Connection;
import io.sluice.connectors.testing.S3Server;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@link ExactlyOnceUnderSigkillIT} with the {@code s3-sink} in place of PostgreSQL: file directory
 * → filter → derive → JSON-lines objects in a bucket of an s3proxy the test runs, while Sluice is
 * SIGKILLed twice mid-stream and restarted on the same data directory. The sink's objects are
 * multipart uploads completed when their checkpoint completes; in the end the objects under the
 * prefix must hold exactly the expected records, none missing, none twice, and the uploads the
 * killed processes left open must have been aborted by their successors.
 */
class ExactlyOnceS3SinkUnderSigkillIT {
  private static final String BUCKET = "curated";
  private static final String PREFIX = "orders/";

  private static final Pattern OBJECT_NAME =
      Pattern.compile(Pattern.quote(PREFIX) + "part-0-\\d+-[0-9a-f]{8}-\\d+\\.jsonl");

  @TempDir Path dataDir;
  @TempDir Path inbox;
  @TempDir Path s3Dir;

  private SigkillHarness harness;
  private S3Server s3;
  private S3Connection bucket;
  private S3Client client;

  /** Lines per object seen so far: a completed object never changes, so count it once. */
  private final Map<String, Long> linesPerObject = new HashMap<>();

  @BeforeEach
  void setUp() throws Exception {
    s3 = S3Server.start(s3Dir);
    bucket = s3.connection(BUCKET);
    client = bucket.client();
    harness = new SigkillHarness(dataDir, inbox, SigkillHarness.Input.SHORT);
  }

  @AfterEach
  void cleanUp() throws Exception {
    harness.close(getClass().getSimpleName(), client, s3);
  }

  @Test
  void everyRecordIsCommittedToObjectsExactlyOnceAcrossRepeatedSigkills() throws Exception {
    harness.start();
    harness.startRun(
        harness.createPipeline(
            "orders-to-s3",
            harness.fileDirectorySource(),
            """
            {"id": "out", "type": "s3-sink",
             "config": {"endpoint": %s, "bucket": %s, "accessKey": %s, "secretKey": %s,
                        "pathStyle": true, "prefix": %s, "format": "json-lines"}}
            """
                .formatted(
                    quote(s3.endpoint()),
                    quote(BUCKET),
                    quote(S3Server.ACCESS_KEY),
                    quote(S3Server.SECRET_KEY),
                    quote(PREFIX))));

    harness.deliverUnderSigkills(this::committedLines, () -> readCommitted().distinct());

    SigkillHarness.Tally tally = readCommitted();
    harness.progress("%d objects committed", objects().size());
    tally.assertExactlyTheExpected();
    assertThat(harness.sluice().stop()).as(harness.diagnosis()).isIn(0, 143);
    linesPerObject.clear();
    assertThat(committedLines())
        .as("committed lines after a SIGTERM stop\n%s", harness.diagnosis())
        .isEqualTo(harness.expected());
    assertThat(
            client
                .listMultipartUploads(ListMultipartUploadsRequest.builder().bucket(BUCKET).build())
                .uploads())
        .as("uploads left open after the stop\n%s", harness.diagnosis())
        .isEmpty();
  }

  /**
   * The objects a reader sees: s3proxy keeps the parts of open multipart uploads as hidden keys
   * ({@code .mpus-…}) that listings show; like a reader of a directory, skip hidden names.
   */
  private List<S3Object> objects() {
    return client
        .listObjectsV2Paginator(
            ListObjectsV2Request.builder().bucket(BUCKET).prefix(PREFIX).build())
        .contents()
        .stream()
        .filter(o -> java.util.Arrays.stream(o.key().split("/")).noneMatch(p -> p.startsWith(".")))
        .toList();
  }

  /** The object's text, or null when it vanished between listing and reading. */
  private String read(String key) {
    try {
      return client
          .getObjectAsBytes(GetObjectRequest.builder().bucket(BUCKET).key(key).build())
          .asString(StandardCharsets.UTF_8);
    } catch (NoSuchKeyException e) {
      return null;
    }
  }

  /** The lines in the completed objects now; new objects are counted, known ones remembered. */
  private long committedLines() {
    long lines = 0;
    for (S3Object object : objects()) {
      Long known = linesPerObject.get(object.key());
      if (known == null) {
        String content = read(object.key());
        if (content == null) {
          continue;
        }
        known = content.chars().filter(c -> c == '\n').count();
        linesPerObject.put(object.key(), known);
      }
      lines += known;
    }
    return lines;
  }

  /** Reads every line of every object into a tally of the records delivered. */
  private SigkillHarness.Tally readCommitted() {
    SigkillHarness.Tally tally = harness.tally();
    for (S3Object object : objects()) {
      String key = object.key();
      if (!OBJECT_NAME.matcher(key).matches()) {
        tally.addProblem("unexpected object " + key);
      }
      String content = read(key);
      if (content == null) {
        tally.addProblem(key + " was listed but could not be read");
        continue;
      }
      tally.addJsonLines(key, content);
    }
    return tally;
  }
}
