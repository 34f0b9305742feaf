package io.sluice.connectors.s3.sink;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.connector.sink2.Committer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Completes the multipart uploads of a checkpoint. A commit may be asked again after a restore (the
 * checkpoint completed, the job failed before it was told): an upload that no longer exists while
 * its object does was completed before, and counts as committed.
 */
final class S3Committer implements Committer<S3Committable> {
  private final S3SinkSettings settings;
  private S3Client client;

  S3Committer(S3SinkSettings settings) {
    this.settings = settings;
  }

  @Override
  public void commit(Collection<CommitRequest<S3Committable>> requests) throws IOException {
    for (CommitRequest<S3Committable> request : requests) {
      S3Committable committable = request.getCommittable();
      List<CompletedPart> parts = new ArrayList<>();
      for (int i = 0; i < committable.etags().size(); i++) {
        parts.add(
            CompletedPart.builder().partNumber(i + 1).eTag(committable.etags().get(i)).build());
      }
      try {
        client()
            .completeMultipartUpload(
                CompleteMultipartUploadRequest.builder()
                    .bucket(settings.connection().bucket())
                    .key(committable.key())
                    .uploadId(committable.uploadId())
                    .multipartUpload(CompletedMultipartUpload.builder().parts(parts).build())
                    .build());
      } catch (S3Exception e) {
        if (e.statusCode() != 404) {
          throw failed(committable, e);
        }
        if (exists(committable.key())) {
          request.signalAlreadyCommitted();
        } else {
          request.signalFailedWithUnknownReason(
              new IllegalStateException(
                  "The upload of "
                      + settings.connection().uri(committable.key())
                      + " is gone and the object does not exist: it was aborted (by a lifecycle"
                      + " rule that aborts incomplete uploads sooner than the checkpoint"
                      + " completed, or by hand); its records are not in the bucket"));
        }
      } catch (SdkException e) {
        throw failed(committable, e);
      }
    }
  }

  private boolean exists(String key) throws IOException {
    try {
      client()
          .headObject(
              HeadObjectRequest.builder().bucket(settings.connection().bucket()).key(key).build());
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return false;
      }
      throw new IOException("Cannot look up " + settings.connection().uri(key), e);
    }
  }

  private IOException failed(S3Committable committable, Exception e) {
    return new IOException(
        "Cannot complete the upload of "
            + settings.connection().uri(committable.key())
            + ": "
            + e.getMessage(),
        e);
  }

  private S3Client client() {
    if (client == null) {
      client = settings.connection().client();
    }
    return client;
  }

  @Override
  public void close() {
    if (client != null) {
      client.close();
    }
  }
}
