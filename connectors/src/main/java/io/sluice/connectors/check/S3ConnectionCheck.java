package io.sluice.connectors.check;

import io.sluice.connectors.s3.S3Connection;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Checks the bucket of an S3 source or sink, or of a stored S3 connection: a HeadBucket says
 * whether the bucket is there, then a listing of one key under the prefix whether the keys may list
 * it (and, for a sink, its unfinished uploads, which the sink lists to clean up after a failure).
 * The listing decides about access: a key allowed only under a prefix is refused the HeadBucket but
 * may still list its prefix.
 */
public final class S3ConnectionCheck {
  private S3ConnectionCheck() {}

  public static ConnectionCheckResult source(
      S3Connection connection, String prefix, Duration timeout) {
    return check(connection, prefix, false, timeout);
  }

  public static ConnectionCheckResult sink(
      S3Connection connection, String prefix, Duration timeout) {
    return check(connection, prefix, true, timeout);
  }

  private static ConnectionCheckResult check(
      S3Connection connection, String prefix, boolean sink, Duration timeout) {
    String where = connection.uri(prefix == null ? "" : prefix);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("endpoint", connection.endpoint() == null ? "AWS" : connection.endpoint());
    details.put("bucket", connection.bucket());
    details.put("prefix", prefix == null ? "" : prefix);
    try (S3Client client = connection.client(timeout)) {
      try {
        client.headBucket(HeadBucketRequest.builder().bucket(connection.bucket()).build());
      } catch (S3Exception e) {
        // A HEAD answer has no body, so no error code: only the status tells.
        if (e.statusCode() == 404) {
          details.put("status", 404);
          return ConnectionCheckResult.failed(
              "Bucket " + connection.bucket() + " does not exist.", details);
        }
        if (e.statusCode() == 301) {
          details.put("status", 301);
          String region =
              e.awsErrorDetails() == null
                  ? null
                  : e.awsErrorDetails()
                      .sdkHttpResponse()
                      .firstMatchingHeader("x-amz-bucket-region")
                      .orElse(null);
          return ConnectionCheckResult.failed(
              "Bucket "
                  + connection.bucket()
                  + " is in another region"
                  + (region == null ? "" : " (" + region + ")")
                  + " than "
                  + connection.region()
                  + ".",
              details);
        }
        if (e.statusCode() != 403) {
          throw e;
        }
      }
      var listing =
          client.listObjectsV2(
              ListObjectsV2Request.builder()
                  .bucket(connection.bucket())
                  .prefix(prefix == null || prefix.isEmpty() ? null : prefix)
                  .maxKeys(1)
                  .build());
      details.put("objectsFound", listing.keyCount() == null ? 0 : listing.keyCount());
      if (sink) {
        client.listMultipartUploads(
            ListMultipartUploadsRequest.builder()
                .bucket(connection.bucket())
                .prefix(prefix == null || prefix.isEmpty() ? null : prefix)
                .maxUploads(1)
                .build());
      }
    } catch (S3Exception e) {
      String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
      details.put("status", e.statusCode());
      if (code != null) {
        details.put("errorCode", code);
      }
      if ("NoSuchBucket".equals(code) || (e.statusCode() == 404 && code == null)) {
        return ConnectionCheckResult.failed(
            "Bucket " + connection.bucket() + " does not exist.", details);
      }
      if (e.statusCode() == 403) {
        return ConnectionCheckResult.failed(
            "Access to "
                + where
                + " is denied"
                + (code == null ? "" : " (" + code + ")")
                + ": "
                + why(code)
                + (sink ? "list, write and abort uploads" : "list and read")
                + " there.",
            details);
      }
      return ConnectionCheckResult.failed(
          "S3 refused to list " + where + ": " + e.getMessage(), details);
    } catch (SdkException e) {
      return ConnectionCheckResult.failed(
          "Cannot reach S3 at "
              + details.get("endpoint")
              + " within "
              + timeout.toSeconds()
              + " s: "
              + e.getMessage(),
          details);
    }
    return ConnectionCheckResult.ok(
        (sink ? "Sluice can list and upload to " : "Sluice can list ") + where + ".", details);
  }

  private static String why(String code) {
    if ("SignatureDoesNotMatch".equals(code)) {
      return "the secret key does not belong to the access key; check both, and that they may ";
    }
    if ("InvalidAccessKeyId".equals(code)) {
      return "the store does not know the access key; check it, and that it may ";
    }
    return "check the access key and secret, and that they may ";
  }
}
