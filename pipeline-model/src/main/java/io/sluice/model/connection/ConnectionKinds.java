package io.sluice.model.connection;

import static io.sluice.model.nodetype.FieldKind.BOOLEAN;
import static io.sluice.model.nodetype.FieldKind.STRING;
import static io.sluice.model.nodetype.FieldKind.STRING_LIST;
import static io.sluice.model.nodetype.FieldKind.TEXT;

import io.sluice.model.nodetype.ConfigField;
import java.util.List;
import java.util.Optional;

/**
 * The kinds of connection Sluice stores. Each value of a connection goes into the node field of the
 * same name when a node names the connection; the exceptions are spelt out in {@link
 * ConnectionBinding}.
 */
public final class ConnectionKinds {
  public static final String POSTGRES = "postgres";
  public static final String KAFKA = "kafka";
  public static final String S3 = "s3";

  private static final ConnectionKind POSTGRES_KIND =
      new ConnectionKind(
          POSTGRES,
          "PostgreSQL",
          List.of(
              ConfigField.builder("jdbcUrl", STRING)
                  .label("JDBC URL")
                  .required()
                  .help("For example jdbc:postgresql://db.example.com:5432/warehouse.")
                  .build(),
              ConfigField.builder("user", STRING).label("User").build(),
              ConfigField.builder("password", STRING)
                  .label("Password")
                  .secret()
                  .help("Stored encrypted; never shown again after saving.")
                  .build(),
              ConfigField.builder("options", STRING_LIST)
                  .label("Driver options")
                  .help(
                      "Further JDBC driver settings as key=value, for example sslmode=require;"
                          + " added to the URL.")
                  .build()));

  private static final ConnectionKind KAFKA_KIND =
      new ConnectionKind(
          KAFKA,
          "Kafka",
          List.of(
              ConfigField.builder("bootstrapServers", STRING)
                  .label("Bootstrap servers")
                  .required()
                  .help("host:port of one or more brokers, separated by commas.")
                  .build(),
              ConfigField.builder("properties", STRING_LIST)
                  .label("Client properties")
                  .help("Client settings as key=value, for example security.protocol=SASL_SSL.")
                  .build(),
              ConfigField.builder("secretProperties", TEXT)
                  .label("Secret properties")
                  .secret()
                  .help(
                      "Client settings that hold credentials, one key=value per line, such as"
                          + " sasl.jaas.config or ssl.keystore.password. Stored encrypted.")
                  .build()));

  private static final ConnectionKind S3_KIND =
      new ConnectionKind(
          S3,
          "S3",
          List.of(
              ConfigField.builder("endpoint", STRING)
                  .label("Endpoint")
                  .help("For an S3-compatible store, such as http://minio:9000; empty for AWS.")
                  .build(),
              ConfigField.builder("region", STRING)
                  .label("Region")
                  .defaultValue("us-east-1")
                  .build(),
              ConfigField.builder("bucket", STRING).label("Bucket").required().build(),
              ConfigField.builder("accessKey", STRING).label("Access key").build(),
              ConfigField.builder("secretKey", STRING)
                  .label("Secret key")
                  .secret()
                  .help("Stored encrypted; never shown again after saving.")
                  .build(),
              ConfigField.builder("pathStyle", BOOLEAN)
                  .label("Path-style access")
                  .defaultValue(false)
                  .help("On for MinIO and most S3-compatible stores.")
                  .build()));

  private static final List<ConnectionKind> ALL = List.of(POSTGRES_KIND, KAFKA_KIND, S3_KIND);

  private ConnectionKinds() {}

  public static List<ConnectionKind> all() {
    return ALL;
  }

  public static Optional<ConnectionKind> find(String name) {
    return ALL.stream().filter(k -> k.name().equals(name)).findFirst();
  }
}
