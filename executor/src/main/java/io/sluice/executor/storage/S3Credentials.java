package io.sluice.executor.storage;

/**
 * An access key and its secret. {@link #toString()} never shows the secret.
 *
 * @param accessKey the access key id
 * @param secretKey the secret access key
 */
public record S3Credentials(String accessKey, String secretKey) {

  public S3Credentials {
    if (accessKey == null || accessKey.isBlank()) {
      throw new IllegalArgumentException("accessKey must not be blank");
    }
    if (secretKey == null || secretKey.isBlank()) {
      throw new IllegalArgumentException("secretKey must not be blank");
    }
  }

  @Override
  public String toString() {
    return "S3Credentials[accessKey=" + accessKey + ", secretKey=***]";
  }
}
