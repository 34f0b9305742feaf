package io.sluice.server.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Seals and opens secrets with AES-256-GCM (the JDK's {@code AES/GCM/NoPadding}): a fresh 96-bit
 * random nonce per value, a 128-bit tag, and the place of the secret ({@code context}, such as
 * {@code connection:warehouse:password}) as associated data, so an envelope copied to another
 * connection or field does not open.
 *
 * <p>An envelope is {@code {"keyId": "…", "nonce": "<base64>", "ciphertext": "<base64>"}}.
 *
 * <pre>{@code
 * ObjectNode sealed = box.seal("s3cret", "connection:warehouse:password");
 * String plain = box.open(sealed, "connection:warehouse:password");
 * }</pre>
 *
 * <p>Thread-safe: a {@link Cipher} is made per call.
 */
public final class SecretBox {
  private static final String TRANSFORMATION = "AES/GCM/NoPadding";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final MasterKeys keys;
  private final SecureRandom random = new SecureRandom();

  public SecretBox(MasterKeys keys) {
    this.keys = keys;
  }

  public MasterKeys keys() {
    return keys;
  }

  /** Why an envelope cannot be opened; the message names the key id, never the value. */
  public static final class SecretUnavailableException extends RuntimeException {
    public SecretUnavailableException(String message) {
      super(message);
    }
  }

  public ObjectNode seal(String plain, String context) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance(TRANSFORMATION);
      cipher.init(Cipher.ENCRYPT_MODE, keys.current(), new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
      ObjectNode envelope = JsonNodeFactory.instance.objectNode();
      envelope.put("keyId", keys.currentId());
      envelope.put("nonce", Base64.getEncoder().encodeToString(nonce));
      envelope.put("ciphertext", Base64.getEncoder().encodeToString(sealed));
      return envelope;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available in this Java", e);
    }
  }

  /**
   * @throws SecretUnavailableException when the envelope's key is not among the configured keys, or
   *     the envelope was altered or belongs to another place
   */
  public String open(JsonNode envelope, String context) {
    String keyId = envelope.path("keyId").asText("");
    SecretKey key =
        keys.find(keyId)
            .orElseThrow(
                () ->
                    new SecretUnavailableException(
                        "The secret was sealed with master key "
                            + keyId
                            + ", which is not configured (keys now: "
                            + String.join(", ", keys.ids())
                            + "); add it back to SLUICE_MASTER_KEY or the key file."));
    try {
      byte[] nonce = Base64.getDecoder().decode(envelope.path("nonce").asText(""));
      byte[] sealed = Base64.getDecoder().decode(envelope.path("ciphertext").asText(""));
      Cipher cipher = Cipher.getInstance(TRANSFORMATION);
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
      return new String(cipher.doFinal(sealed), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new SecretUnavailableException(
          "A secret in the catalog does not open with master key "
              + keyId
              + ": it was altered or belongs elsewhere.");
    }
  }

  /** Whether {@code envelope} is sealed with the current key. */
  public boolean isCurrent(JsonNode envelope) {
    return keys.currentId().equals(envelope.path("keyId").asText(""));
  }
}
