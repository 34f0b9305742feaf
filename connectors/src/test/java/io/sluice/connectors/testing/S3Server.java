package io.sluice.connectors.testing;

import io.sluice.connectors.s3.S3Connection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;

/**
 * A real S3-compatible store for tests: s3proxy with its filesystem backend on {@code 127.0.0.1}
 * and a free port. Shipped in the test-jar for the other modules.
 *
 * <pre>{@code
 * try (S3Server s3 = S3Server.start(tmp)) {
 *   S3Connection c = s3.connection("landing");
 * }
 * }</pre>
 */
public final class S3Server implements AutoCloseable {
  public static final String ACCESS_KEY = "test-access";
  public static final String SECRET_KEY = "test-secret-key";

  private final S3Proxy proxy;

  private S3Server(S3Proxy proxy) {
    this.proxy = proxy;
  }

  public static S3Server start(Path dir) throws Exception {
    Path blobs = Files.createDirectories(dir.resolve("s3-blobs"));
    Properties properties = new Properties();
    properties.setProperty("jclouds.filesystem.basedir", blobs.toString());
    properties.setProperty("jclouds.identity", ACCESS_KEY);
    properties.setProperty("jclouds.credential", SECRET_KEY);
    S3Proxy proxy =
        S3Proxy.builder()
            .blobStore(BlobStores.create("filesystem-nio2", properties))
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
            .build();
    proxy.start();
    return new S3Server(proxy);
  }

  public String endpoint() {
    return "http://127.0.0.1:" + proxy.getPort();
  }

  /** A connection to {@code bucket}, created if missing. */
  public S3Connection connection(String bucket) {
    S3Connection connection =
        new S3Connection(endpoint(), "us-east-1", bucket, ACCESS_KEY, SECRET_KEY, true);
    try (S3Client client = connection.client()) {
      if (client.listBuckets().buckets().stream().noneMatch(b -> b.name().equals(bucket))) {
        client.createBucket(CreateBucketRequest.builder().bucket(bucket).build());
      }
    }
    return connection;
  }

  @Override
  public void close() throws Exception {
    proxy.stop();
  }
}
