package io.sluice.connectors.kafka;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;

/**
 * The Kafka client properties whose values are credentials: those the client itself declares {@link
 * ConfigDef.Type#PASSWORD} ({@code sasl.jaas.config}, {@code ssl.key.password}, {@code
 * ssl.keystore.password}, {@code ssl.truststore.password}, {@code ssl.keystore.key}, …) and, for
 * keys the client does not know (a plug-in's own settings), any whose name says password, secret or
 * passphrase.
 *
 * <p>Taken from the client's {@code ConfigDef} rather than written down here, so a password
 * property a newer client adds is a secret without a change to Sluice.
 *
 * <pre>{@code
 * KafkaSecretKeys.isSecret("ssl.key.password");  // true
 * KafkaSecretKeys.isSecret("security.protocol"); // false
 * }</pre>
 *
 * <p>Thread-safe: the set is computed once and immutable.
 */
public final class KafkaSecretKeys {

  private static final Set<String> DECLARED =
      Set.copyOf(
          Stream.of(ConsumerConfig.configDef(), ProducerConfig.configDef())
              .flatMap(def -> def.configKeys().values().stream())
              .filter(key -> key.type == ConfigDef.Type.PASSWORD)
              .map(key -> key.name)
              .collect(java.util.stream.Collectors.toCollection(TreeSet::new)));

  private KafkaSecretKeys() {}

  /** The consumer and producer properties the client declares as passwords. */
  public static Set<String> declared() {
    return DECLARED;
  }

  /** Whether the value of property {@code key} is a credential, to be sealed and never shown. */
  public static boolean isSecret(String key) {
    if (DECLARED.contains(key)) {
      return true;
    }
    String name = key.toLowerCase(Locale.ROOT);
    return name.contains("password")
        || name.contains("secret")
        || name.contains("passphrase")
        || name.endsWith("jaas.config");
  }
}
