package io.sluice.executor.storage;

import java.net.URI;

/**
 * Where an S3-compatible store is and how to reach it: AWS S3, MinIO, or the embedded store.
 *
 * <pre>{@code
 * new S3Settings(URI.create("http://minio:9000"), "us-east-1", "sluice",
 *     new S3Credentials("minio", "minio123"), true);
 * }</pre>
 *
 * @param endpoint the service endpoint, such as {@code https://s3.eu-west-1.amazonaws.com}
 * @param region the signing region; S3-compatible stores usually accept {@code us-east-1}
 * @param bucket the bucket Sluice keeps checkpoints and savepoints in; created if missing
 * @param credentials access key and secret
 * @param pathStyle {@code true} for {@code endpoint/bucket/key} addressing (MinIO, s3proxy), {@code
 *     false} for virtual-host addressing ({@code bucket.endpoint/key})
 */
public record S3Settings(
    URI endpoint, String region, String bucket, S3Credentials credentials, boolean pathStyle) {

  public S3Settings {
    if (endpoint == null || endpoint.getScheme() == null || endpoint.getHost() == null) {
      throw new IllegalArgumentException("endpoint must be an absolute URI, was " + endpoint);
    }
    if (region == null || region.isBlank()) {
      throw new IllegalArgumentException("region must not be blank");
    }
    // The rules of S3 bucket names, less the rarely used dots.
    if (bucket == null || !bucket.matches("[a-z0-9][a-z0-9-]{1,61}[a-z0-9]")) {
      throw new IllegalArgumentException(
          "bucket must be 3-63 lower-case letters, digits or '-', was " + bucket);
    }
    if (credentials == null) {
      throw new IllegalArgumentException("credentials must be given");
    }
  }
}
