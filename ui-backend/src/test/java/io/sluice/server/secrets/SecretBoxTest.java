package io.sluice.server.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.server.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretBoxTest {
  @TempDir Path dir;

  @Test
  void aSealedSecretOpensOnlyInItsOwnPlace() {
    SecretBox box = new SecretBox(MasterKeys.load(MasterKeys.newKeyText(), null, dir));
    ObjectNode sealed = box.seal("s3cret", "connection:a:password");

    assertThat(sealed.toString()).doesNotContain("s3cret");
    assertThat(sealed.path("keyId").asText()).isEqualTo(box.keys().currentId());
    assertThat(box.open(sealed, "connection:a:password")).isEqualTo("s3cret");
    assertThatThrownBy(() -> box.open(sealed, "connection:b:password"))
        .isInstanceOf(SecretBox.SecretUnavailableException.class)
        .hasMessageNotContaining("s3cret");
    ObjectNode tampered = sealed.deepCopy();
    String text = tampered.path("ciphertext").asText();
    tampered.put("ciphertext", (text.charAt(0) == 'A' ? "B" : "A") + text.substring(1));
    assertThatThrownBy(() -> box.open(tampered, "connection:a:password"))
        .isInstanceOf(SecretBox.SecretUnavailableException.class);
  }

  @Test
  void anOldKeyStillOpensWhatItSealedAndANewOneSeals() {
    String oldKey = MasterKeys.newKeyText();
    String newKey = MasterKeys.newKeyText();
    SecretBox before = new SecretBox(MasterKeys.load(oldKey, null, dir));
    ObjectNode sealed = before.seal("v", "c");

    SecretBox after = new SecretBox(MasterKeys.load(newKey + "," + oldKey, null, dir));
    assertThat(after.open(sealed, "c")).isEqualTo("v");
    assertThat(after.isCurrent(sealed)).isFalse();
    assertThat(after.isCurrent(after.seal("v", "c"))).isTrue();
    assertThatThrownBy(() -> new SecretBox(MasterKeys.load(newKey, null, dir)).open(sealed, "c"))
        .isInstanceOf(SecretBox.SecretUnavailableException.class)
        .hasMessageContaining(before.keys().currentId());
  }

  @Test
  void withoutAKeyOneIsMadeInTheDataDirectoryReadableByTheOwnerOnly() throws Exception {
    MasterKeys first = MasterKeys.load(null, null, dir);
    Path file = dir.resolve(MasterKeys.DEFAULT_FILE);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(MasterKeys.load(null, null, dir).currentId()).isEqualTo(first.currentId());
    assertThat(MasterKeys.load(null, file, dir).currentId()).isEqualTo(first.currentId());
  }

  @Test
  void aKeyOfTheWrongLengthIsAConfigurationProblem() {
    assertThatThrownBy(() -> MasterKeys.load("c2hvcnQ=", null, dir))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("32");
    assertThatThrownBy(() -> MasterKeys.load("not base64!", null, dir))
        .isInstanceOf(ConfigException.class);
  }
}
