package io.sluice.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KafkaSecretKeysTest {

  @Test
  void thePasswordsTheClientDeclaresAreSecret() {
    assertThat(KafkaSecretKeys.declared())
        .contains(
            "sasl.jaas.config",
            "ssl.key.password",
            "ssl.keystore.password",
            "ssl.truststore.password",
            "ssl.keystore.key")
        .doesNotContain("security.protocol", "sasl.mechanism", "ssl.keystore.location");
  }

  @Test
  void aKeyTheClientDoesNotKnowIsSecretWhenItsNameSaysSo() {
    assertThat(KafkaSecretKeys.isSecret("basic.auth.password")).isTrue();
    assertThat(KafkaSecretKeys.isSecret("my.plugin.client.secret")).isTrue();
    assertThat(KafkaSecretKeys.isSecret("listener.name.x.sasl.jaas.config")).isTrue();
    assertThat(KafkaSecretKeys.isSecret("security.protocol")).isFalse();
    assertThat(KafkaSecretKeys.isSecret("client.id")).isFalse();
  }
}
