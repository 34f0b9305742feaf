package io.sluice.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.catalog.User;
import io.sluice.catalog.UserCatalog;
import io.sluice.catalog.testing.CatalogExtension;
import io.sluice.server.SluiceConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AuthBootstrapTest {
  @RegisterExtension static final CatalogExtension CATALOG = new CatalogExtension();

  @Test
  void aFirstStartWithoutAPasswordPrintsAOneTimePasswordOnceThatMustBeChanged() {
    UserCatalog users = new UserCatalog(CATALOG.jdbi());
    AuthService auth =
        new AuthService(
            users,
            new SluiceConfig.Auth(null, null, SluiceConfig.Auth.DEFAULT_SESSION_TTL, null),
            Clock.systemUTC());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    auth.bootstrap(new PrintStream(out, true, StandardCharsets.UTF_8));
    String console = out.toString(StandardCharsets.UTF_8);
    Matcher password = Pattern.compile("\\n {6}(\\S{20})\\n").matcher(console);
    assertThat(password.find()).as(console).isTrue();
    assertThat(console).contains("'admin'").contains("=".repeat(72));

    AuthService.Login login = auth.login("admin", password.group(1), "127.0.0.1", "test");
    User admin = login.user();
    assertThat(admin.mustChangePassword()).isTrue();

    ByteArrayOutputStream again = new ByteArrayOutputStream();
    auth.bootstrap(new PrintStream(again, true, StandardCharsets.UTF_8));
    assertThat(again.size()).as("printed only at the first start").isZero();
    assertThat(users.list()).hasSize(1);
  }
}
