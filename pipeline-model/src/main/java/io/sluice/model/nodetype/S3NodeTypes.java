package io.sluice.model.nodetype;

import static io.sluice.model.nodetype.FieldKind.BOOLEAN;
import static io.sluice.model.nodetype.FieldKind.DURATION;
import static io.sluice.model.nodetype.FieldKind.STRING;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The descriptors of the S3 source ({@code s3}) and sink ({@code s3-sink}). Their format fields are
 * the file-directory source's and sink's, taken from those descriptors so both read alike; {@link
 * BuiltInNodeTypes} registers them. The connection fields follow the executor's {@code S3Settings}.
 */
final class S3NodeTypes {

  private S3NodeTypes() {}

  /** The fields of the file-directory source an S3 source shares. */
  private static final Set<String> SOURCE_FORMAT_FIELDS =
      Set.of(
          "fields",
          "pattern",
          "format",
          "csvDelimiter",
          "csvHeader",
          "csvQuote",
          "csvEscape",
          "csvNullString",
          "charset",
          "onError");

  private static final Set<String> SINK_FORMAT_FIELDS =
      Set.of("format", "csvDelimiter", "filePrefix");

  static List<ConfigField> connection() {
    return List.of(
        BuiltInNodeTypes.connection("s3", "S3", "endpoint, region, bucket and keys"),
        ConfigField.builder("endpoint", STRING)
            .label("Endpoint")
            .help(
                "The S3 service URL, for example http://minio:9000 for MinIO. Empty: AWS S3 of the"
                    + " region.")
            .group("Connection")
            .build(),
        ConfigField.builder("region", STRING)
            .label("Region")
            .defaultValue("us-east-1")
            .help("The signing region, such as eu-west-1. S3-compatible stores accept us-east-1.")
            .group("Connection")
            .build(),
        ConfigField.builder("bucket", STRING)
            .label("Bucket")
            .required()
            .help("The bucket's name, for example landing.")
            .group("Connection")
            .build(),
        ConfigField.builder("accessKey", STRING)
            .label("Access key")
            .help(
                "The access key id. Empty: the default AWS credentials of the machine"
                    + " (environment, profile or instance role).")
            .group("Connection")
            .build(),
        ConfigField.builder("secretKey", STRING)
            .label("Secret key")
            .secret()
            .help("The secret of the access key. Stored encrypted and never shown again.")
            .group("Connection")
            .build(),
        ConfigField.builder("pathStyle", BOOLEAN)
            .label("Path-style addressing")
            .defaultValue(false)
            .help(
                "On: endpoint/bucket/key URLs, as MinIO and most S3-compatible stores need. Off:"
                    + " bucket.endpoint/key, as AWS prefers.")
            .group("Connection")
            .build());
  }

  static NodeTypeDescriptor source(NodeTypeDescriptor fileDirectory) {
    List<ConfigField> fields = new ArrayList<>(connection());
    fields.add(
        ConfigField.builder("prefix", STRING)
            .label("Key prefix")
            .help(
                "Read the objects whose keys start with this, for example landing/orders/. Empty:"
                    + " the whole bucket. Objects whose key has a part starting with . or _, or"
                    + " ending in .tmp, .part, .inprogress or .crdownload, are ignored.")
            .group("Source")
            .build());
    fileDirectory.fields().stream()
        .filter(f -> SOURCE_FORMAT_FIELDS.contains(f.name()))
        .forEach(fields::add);
    fields.add(
        ConfigField.builder("discoveryInterval", DURATION)
            .label("Check for new objects every")
            .defaultValue("30s")
            .help(
                "How often the prefix is listed for new objects. Each listing reads every key under"
                    + " the prefix (1,000 a request), so keep old objects elsewhere or use a"
                    + " longer interval for prefixes holding millions.")
            .group("Source")
            .build());
    fields.add(
        ConfigField.builder("lateObjectGrace", DURATION)
            .label("Late objects")
            .defaultValue("5m")
            .help(
                "How long after its last-modified time an object may still appear and be read. S3"
                    + " dates an object written by a multipart upload when the upload started, so"
                    + " set this above the longest upload of a producer.")
            .group("Source")
            .build());
    return new NodeTypeDescriptor(
        BuiltInNodeTypes.S3,
        1,
        NodeRole.SOURCE,
        "S3 objects",
        "Reads every object that appears under a prefix of an S3 bucket (AWS S3, MinIO or any"
            + " S3-compatible store), once, as CSV or JSON lines. A restarted pipeline resumes"
            + " inside the object it was reading and never reads a finished object again.",
        List.of(),
        List.of(PortSpec.output()),
        fields,
        null,
        false);
  }

  static NodeTypeDescriptor sink(NodeTypeDescriptor fileDirectorySink) {
    List<ConfigField> fields = new ArrayList<>(connection());
    fields.add(
        ConfigField.builder("prefix", STRING)
            .label("Key prefix")
            .help("Objects are written under this prefix, for example out/orders/.")
            .build());
    fileDirectorySink.fields().stream()
        .filter(f -> SINK_FORMAT_FIELDS.contains(f.name()))
        .forEach(fields::add);
    return new NodeTypeDescriptor(
        BuiltInNodeTypes.S3_SINK,
        1,
        NodeRole.SINK,
        "S3 objects (write)",
        "Writes records to objects under a prefix of an S3 bucket, exactly once: each object is a"
            + " multipart upload whose parts go up as records arrive, completed only when its"
            + " checkpoint completes, so an object appears whole, once, or not at all. A new"
            + " object starts at every checkpoint.",
        List.of(PortSpec.input()),
        List.of(),
        fields,
        null,
        false);
  }
}
