package io.sluice.executor.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CreateBucketConfiguration;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The S3 bucket that holds checkpoints and savepoints, and what Sluice itself does there (create
 * the bucket, list, delete). Flink writes to the same bucket through its own S3 file system, with
 * the {@link #settings()} given here.
 *
 * <pre>{@code
 * try (ObjectStore store = ObjectStore.embedded(dataDir.resolve("s3"))) {
 *   store.list("checkpoints/orders/");
 * }
 * }</pre>
 *
 * <p>{@link #embedded(Path)} starts s3proxy on the loopback interface with its objects under a
 * directory; {@link #external(S3Settings)} uses AWS S3 or MinIO. Thread-safe.
 */
public final class ObjectStore implements AutoCloseable {

  /** The bucket the embedded store holds. */
  public static final String EMBEDDED_BUCKET = "sluice";

  private static final String EMBEDDED_REGION = "us-east-1";
  private static final String CREDENTIALS_FILE = "credentials.properties";

  /** S3 deletes at most this many keys per request. */
  private static final int DELETE_BATCH = 1000;

  private final S3Settings settings;
  private final S3Client client;
  private final Optional<S3Proxy> proxy;

  private ObjectStore(S3Settings settings, Optional<S3Proxy> proxy) {
    this.settings = settings;
    this.proxy = proxy;
    this.client =
        S3Client.builder()
            .endpointOverride(settings.endpoint())
            .region(Region.of(settings.region()))
            .forcePathStyle(settings.pathStyle())
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(
                        settings.credentials().accessKey(), settings.credentials().secretKey())))
            .build();
  }

  /**
   * Starts an S3-compatible store on {@code 127.0.0.1} (a free port) keeping its objects under
   * {@code dir}, and creates the {@value #EMBEDDED_BUCKET} bucket. The credentials are generated on
   * first start and kept in {@code dir}, so a restart finds its checkpoints with the same keys.
   */
  public static ObjectStore embedded(Path dir) throws IOException {
    Path blobs = Files.createDirectories(dir.resolve("blobs"));
    S3Credentials credentials = loadOrCreateCredentials(dir.resolve(CREDENTIALS_FILE));

    Properties properties = new Properties();
    properties.setProperty("jclouds.filesystem.basedir", blobs.toString());
    properties.setProperty("jclouds.identity", credentials.accessKey());
    properties.setProperty("jclouds.credential", credentials.secretKey());
    S3Proxy proxy =
        S3Proxy.builder()
            .blobStore(BlobStores.create("filesystem-nio2", properties))
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(
                AuthenticationType.AWS_V2_OR_V4, credentials.accessKey(), credentials.secretKey())
            .build();
    try {
      proxy.start();
    } catch (Exception e) {
      throw new IOException("could not start the embedded S3 store under " + dir, e);
    }
    S3Settings settings =
        new S3Settings(
            URI.create("http://127.0.0.1:" + proxy.getPort()),
            EMBEDDED_REGION,
            EMBEDDED_BUCKET,
            credentials,
            true);
    ObjectStore store = new ObjectStore(settings, Optional.of(proxy));
    try {
      store.createBucketIfMissing();
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
    return store;
  }

  /** Connects to an S3 or S3-compatible store, creating the bucket if it does not exist. */
  public static ObjectStore external(S3Settings settings) {
    ObjectStore store = new ObjectStore(settings, Optional.empty());
    try {
      store.createBucketIfMissing();
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
    return store;
  }

  public S3Settings settings() {
    return settings;
  }

  public URI endpoint() {
    return settings.endpoint();
  }

  public String bucket() {
    return settings.bucket();
  }

  public S3Credentials credentials() {
    return settings.credentials();
  }

  /** The {@code s3://bucket/key} URI of a key, as Flink names it. */
  public String uri(String key) {
    return "s3://" + bucket() + "/" + key;
  }

  /** The key of an {@code s3://bucket/key} URI in this bucket. */
  public String keyOf(String uri) {
    String prefix = "s3://" + bucket() + "/";
    if (!uri.startsWith(prefix)) {
      throw new IllegalArgumentException(uri + " is not in bucket " + bucket());
    }
    return uri.substring(prefix.length());
  }

  /** Writes an object. */
  public void put(String key, byte[] content) {
    client.putObject(b -> b.bucket(bucket()).key(key), RequestBody.fromBytes(content));
  }

  /** Reads an object whole; for small objects. */
  public byte[] get(String key) {
    return client.getObjectAsBytes(b -> b.bucket(bucket()).key(key)).asByteArray();
  }

  /** Every object whose key starts with {@code prefix}, in key order. */
  public List<StoredObject> list(String prefix) {
    List<StoredObject> objects = new ArrayList<>();
    ListObjectsV2Request request =
        ListObjectsV2Request.builder().bucket(bucket()).prefix(prefix).build();
    for (S3Object object : client.listObjectsV2Paginator(request).contents()) {
      objects.add(new StoredObject(object.key(), object.size(), object.lastModified()));
    }
    return objects;
  }

  /**
   * Deletes every object whose key starts with {@code prefix}.
   *
   * @return how many objects were deleted
   */
  public int deletePrefix(String prefix) {
    if (prefix.isEmpty()) {
      throw new IllegalArgumentException("refusing to delete the whole bucket");
    }
    List<StoredObject> objects = list(prefix);
    for (int from = 0; from < objects.size(); from += DELETE_BATCH) {
      List<ObjectIdentifier> batch =
          objects.subList(from, Math.min(from + DELETE_BATCH, objects.size())).stream()
              .map(o -> ObjectIdentifier.builder().key(o.key()).build())
              .toList();
      client.deleteObjects(
          b -> b.bucket(bucket()).delete(Delete.builder().objects(batch).quiet(true).build()));
    }
    return objects.size();
  }

  /** Stops the embedded store if this object started one. */
  @Override
  public void close() {
    client.close();
    if (proxy.isPresent()) {
      try {
        proxy.get().stop();
      } catch (Exception e) {
        throw new IllegalStateException("could not stop the embedded S3 store", e);
      }
    }
  }

  private void createBucketIfMissing() {
    try {
      client.headBucket(b -> b.bucket(bucket()));
      return;
    } catch (NoSuchBucketException e) {
      // Create it below.
    }
    CreateBucketRequest.Builder request = CreateBucketRequest.builder().bucket(bucket());
    // us-east-1 is the one region that refuses an explicit location constraint.
    if (!settings.region().equals("us-east-1")) {
      request.createBucketConfiguration(
          CreateBucketConfiguration.builder().locationConstraint(settings.region()).build());
    }
    client.createBucket(request.build());
  }

  private static S3Credentials loadOrCreateCredentials(Path file) throws IOException {
    Properties properties = new Properties();
    if (Files.exists(file)) {
      try (InputStream in = Files.newInputStream(file)) {
        properties.load(in);
      }
      return new S3Credentials(
          properties.getProperty("accessKey"), properties.getProperty("secretKey"));
    }
    SecureRandom random = new SecureRandom();
    S3Credentials credentials =
        new S3Credentials("sluice-" + randomHex(random, 8), randomHex(random, 24));
    properties.setProperty("accessKey", credentials.accessKey());
    properties.setProperty("secretKey", credentials.secretKey());
    Files.createFile(
        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try (OutputStream out = Files.newOutputStream(file)) {
      properties.store(out, "Credentials of Sluice's embedded S3 store");
    }
    return credentials;
  }

  private static String randomHex(SecureRandom random, int bytes) {
    byte[] buffer = new byte[bytes];
    random.nextBytes(buffer);
    return HexFormat.of().formatHex(buffer);
  }
}
