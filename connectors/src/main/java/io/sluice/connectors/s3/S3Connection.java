package io.sluice.connectors.s3;

import io.sluice.model.nodetype.ConfigValues;
import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Where a bucket is and how to reach it, as an S3 node configures it; the same fields as the
 * executor's {@code S3Settings} of the checkpoint store.
 *
 * <pre>{@code
 * new S3Connection("http://minio:9000", "us-east-1", "landing", "minio", "minio123", true)
 * }</pre>
 *
 * @param endpoint the service endpoint such as {@code http://minio:9000}; {@code null} for AWS's
 *     own endpoint of the region
 * @param region the signing region; S3-compatible stores usually accept {@code us-east-1}
 * @param bucket the bucket
 * @param accessKey the access key id; {@code null} for the default AWS credential chain
 *     (environment, profile, instance role)
 * @param secretKey its secret; never in {@link #toString()}
 * @param pathStyle {@code true} for {@code endpoint/bucket/key} addressing (MinIO, s3proxy)
 */
public record S3Connection(
    String endpoint,
    String region,
    String bucket,
    String accessKey,
    String secretKey,
    boolean pathStyle)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  public S3Connection {
    endpoint = endpoint == null || endpoint.isBlank() ? null : endpoint.strip();
    if (endpoint != null) {
      URI uri = URI.create(endpoint);
      if (uri.getScheme() == null || uri.getHost() == null) {
        throw new IllegalArgumentException("endpoint must be an absolute URI, was " + endpoint);
      }
    }
    Objects.requireNonNull(region, "region");
    if (region.isBlank()) {
      throw new IllegalArgumentException("region must not be blank");
    }
    Objects.requireNonNull(bucket, "bucket");
    if (bucket.isBlank()) {
      throw new IllegalArgumentException("bucket must not be blank");
    }
    accessKey = accessKey == null || accessKey.isBlank() ? null : accessKey.strip();
    if (accessKey != null && (secretKey == null || secretKey.isEmpty())) {
      throw new IllegalArgumentException("an access key needs its secret key");
    }
  }

  /**
   * The connection fields of an {@code s3} or {@code s3-sink} node: endpoint, region, bucket,
   * accessKey, secretKey, pathStyle.
   */
  public static S3Connection of(ConfigValues config) {
    return new S3Connection(
        config.optionalString("endpoint").orElse(null),
        config.string("region").strip(),
        config.string("bucket").strip(),
        config.optionalString("accessKey").orElse(null),
        config.optionalString("secretKey").orElse(null),
        config.bool("pathStyle"));
  }

  /** A new client; the caller closes it. */
  public S3Client client() {
    return client(null);
  }

  /** A new client whose calls give up after {@code timeout} ({@code null}: the SDK's default). */
  public S3Client client(Duration timeout) {
    S3ClientBuilder builder =
        S3Client.builder().region(Region.of(region)).forcePathStyle(pathStyle);
    if (timeout != null) {
      builder.overrideConfiguration(
          ClientOverrideConfiguration.builder().apiCallTimeout(timeout).build());
    }
    if (endpoint != null) {
      builder.endpointOverride(URI.create(endpoint));
    }
    builder.credentialsProvider(
        accessKey == null
            ? DefaultCredentialsProvider.builder().build()
            : StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)));
    return builder.build();
  }

  /** {@code s3://bucket/key}. */
  public String uri(String key) {
    return "s3://" + bucket + "/" + key;
  }

  /** The key of an {@link #uri} of this bucket. */
  public String keyOf(String uri) {
    String start = "s3://" + bucket + "/";
    if (!uri.startsWith(start)) {
      throw new IllegalArgumentException(uri + " is not in bucket " + bucket);
    }
    return uri.substring(start.length());
  }

  @Override
  public String toString() {
    return "S3Connection[endpoint="
        + endpoint
        + ", region="
        + region
        + ", bucket="
        + bucket
        + ", accessKey="
        + accessKey
        + ", secretKey=***, pathStyle="
        + pathStyle
        + "]";
  }
}
