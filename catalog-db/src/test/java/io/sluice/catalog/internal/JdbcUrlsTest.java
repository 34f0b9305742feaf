package io.sluice.catalog.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JdbcUrlsTest {

  @Test
  void redactHidesPasswordParametersAndUserInfo() {
    assertThat(JdbcUrls.redact("jdbc:postgresql://h:5432/db?user=u&password=secret&ssl=true"))
        .isEqualTo("jdbc:postgresql://h:5432/db?user=u&password=****&ssl=true");
    assertThat(JdbcUrls.redact("jdbc:postgresql://h/db?PASSWORD=secret"))
        .isEqualTo("jdbc:postgresql://h/db?PASSWORD=****");
    assertThat(JdbcUrls.redact("jdbc:postgresql://u:secret@h/db"))
        .isEqualTo("jdbc:postgresql://u:****@h/db");
    assertThat(JdbcUrls.redact("jdbc:postgresql://h:5432/db"))
        .isEqualTo("jdbc:postgresql://h:5432/db");
  }

  @Test
  void withDatabaseReplacesOnlyTheDatabase() {
    assertThat(JdbcUrls.withDatabase("jdbc:postgresql://h:5432/postgres?ssl=true", "t1"))
        .isEqualTo("jdbc:postgresql://h:5432/t1?ssl=true");
    assertThat(JdbcUrls.withDatabase("jdbc:postgresql://h:5432", "t1"))
        .isEqualTo("jdbc:postgresql://h:5432/t1");
    assertThat(JdbcUrls.withDatabase("jdbc:postgresql://h/?a=b", "t1"))
        .isEqualTo("jdbc:postgresql://h/t1?a=b");
    assertThatThrownBy(() -> JdbcUrls.withDatabase("jdbc:mysql://h/db", "t1"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
