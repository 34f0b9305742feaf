package io.sluice.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.catalog.testing.CatalogExtension;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class UserCatalogTest {
  @RegisterExtension static final CatalogExtension CATALOG = new CatalogExtension();

  @Test
  void theLastEnabledAdminCanBeNeitherDemotedNorDisabledAndNamesDoNotDifferByCase() {
    UserCatalog users = new UserCatalog(CATALOG.jdbi());
    User root = users.create("Root", UserRole.ADMIN, "hash", false);
    assertThatThrownBy(() -> users.create("root", UserRole.VIEWER, "hash", false))
        .isInstanceOf(DuplicateUserException.class);
    assertThatThrownBy(() -> users.setRole(root.id(), UserRole.EDITOR))
        .isInstanceOf(LastAdminException.class);
    assertThatThrownBy(() -> users.setDisabled(root.id(), true))
        .isInstanceOf(LastAdminException.class);
    User second = users.create("second", UserRole.ADMIN, "hash", false);
    assertThat(users.setRole(root.id(), UserRole.VIEWER).role()).isEqualTo(UserRole.VIEWER);
    assertThatThrownBy(() -> users.setDisabled(second.id(), true))
        .isInstanceOf(LastAdminException.class);
  }

  @Test
  void sessionsExpireAndEndWithAPasswordChangeTokensAreRevocable() {
    UserCatalog users = new UserCatalog(CATALOG.jdbi());
    User u = users.create("sessions", UserRole.EDITOR, "hash", false);
    Instant now = Instant.now();
    users.createSession("h1", u.id(), "csrf", now.plus(1, ChronoUnit.HOURS), "1.2.3.4", "ua");
    assertThat(users.findSession("h1", now)).isPresent();
    assertThat(users.findSession("h1", now.plus(2, ChronoUnit.HOURS))).isEmpty();
    users.setPassword(u.id(), "new-hash", false);
    assertThat(users.findSession("h1", now)).isEmpty();

    ApiToken token = users.createToken(u.id(), "ci", "abc123def456", "secret-hash", null);
    assertThat(users.findToken("abc123def456").orElseThrow().secretHash()).isEqualTo("secret-hash");
    assertThat(users.revokeToken(token.id()).usableAt(now)).isFalse();
    assertThat(users.listTokens(u.id())).extracting(ApiToken::name).containsExactly("ci");
  }

  @Test
  void theAuditLogIsSearchedNewestFirstByActionPrefixAndPagedByCursor() {
    AuditCatalog audit = new AuditCatalog(CATALOG.jdbi());
    ObjectMapper json = new ObjectMapper();
    for (int i = 0; i < 5; i++) {
      audit.append(
          new AuditCatalog.Append(
              null,
              "paging",
              "pipeline.create",
              "pipeline",
              "p" + i,
              json.createObjectNode().put("n", i),
              "127.0.0.1",
              "test"));
    }
    var first =
        audit.search(
            new AuditCatalog.Filter("paging", "pipeline", null, null, null, null, null), 3);
    assertThat(first).extracting(AuditEntry::targetId).containsExactly("p4", "p3", "p2");
    var next =
        audit.search(
            new AuditCatalog.Filter("paging", null, null, null, null, null, first.get(2).id()), 3);
    assertThat(next).extracting(AuditEntry::targetId).containsExactly("p1", "p0");
    assertThat(next.get(0).detail().path("n").asInt()).isEqualTo(1);
  }
}
