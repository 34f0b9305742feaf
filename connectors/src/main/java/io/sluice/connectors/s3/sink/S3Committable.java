package io.sluice.connectors.s3.sink;

import java.util.List;
import java.util.Objects;

/**
 * A finished object waiting for its checkpoint: a multipart upload whose parts are all uploaded.
 * Completing it makes the object visible.
 *
 * @param key the object's key
 * @param uploadId the multipart upload
 * @param etags the entity tags of parts 1, 2, …
 */
public record S3Committable(String key, String uploadId, List<String> etags) {
  public S3Committable {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(uploadId, "uploadId");
    etags = List.copyOf(etags);
    if (etags.isEmpty()) {
      throw new IllegalArgumentException("an upload has at least one part");
    }
  }
}
