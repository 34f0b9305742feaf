package io.sluice.server.auth;

import java.security.SecureRandom;
import java.util.Base64;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/**
 * Argon2id password hashes as PHC strings ({@code $argon2id$v=19$m=...}), from Spring Security
 * Crypto on Bouncy Castle, and random secrets. Thread-safe.
 */
public final class Passwords {
  private static final SecureRandom RANDOM = new SecureRandom();
  // 16-byte salt, 32-byte hash, 1 lane, 19 MiB, 2 passes: OWASP's minimum for Argon2id.
  private static final Argon2PasswordEncoder ENCODER =
      new Argon2PasswordEncoder(16, 32, 1, 19 * 1024, 2);
  // A valid hash to check against when the user does not exist, so that the answer takes as
  // long as for a wrong password and does not tell which user names exist.
  private static final String DUMMY = ENCODER.encode("no such user");

  private Passwords() {}

  public static String hash(String password) {
    return ENCODER.encode(password);
  }

  public static boolean matches(String password, String hash) {
    return ENCODER.matches(password, hash);
  }

  /** Spends the time of one check, for a login of a user that does not exist. */
  public static void burn(String password) {
    ENCODER.matches(password, DUMMY);
  }

  /** {@code bytes} random bytes as URL-safe base64 without padding. */
  public static String randomSecret(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** A generated one-time password: 20 characters of letters and digits, nothing ambiguous. */
  public static String generatePassword() {
    String alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      out.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return out.toString();
  }
}
