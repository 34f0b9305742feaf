package io.sluice.executor.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UidsTest {

  @Test
  void theSameNodeAndRoleAlwaysGiveTheSameUid() {
    assertThat(Uids.of("orders_csv", "source")).isEqualTo(Uids.of("orders_csv", "source"));
    assertThat(Uids.of("orders_csv", "source")).isEqualTo("node/orders_csv/source");
  }

  @Test
  void differentNodesOrRolesGiveDifferentUids() {
    assertThat(Uids.of("a", "source")).isNotEqualTo(Uids.of("b", "source"));
    assertThat(Uids.of("a", "source")).isNotEqualTo(Uids.of("a", "parse"));
  }

  @Test
  void partsThatCouldBlurTheBoundaryAreRefused() {
    assertThatThrownBy(() -> Uids.of("a/b", "source")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Uids.of("a", "")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Uids.of(null, "sink")).isInstanceOf(IllegalArgumentException.class);
  }
}
