package io.sluice.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.catalog.testing.CatalogExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LeasesTest {
  @RegisterExtension static final CatalogExtension db = new CatalogExtension();
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Leases leases() {
    return new Leases(db.jdbi());
  }

  private static String name() {
    return "lease-" + UUID.randomUUID();
  }

  @Test
  void oneHolderAtATimeAndRenewingKeepsTheEpoch() {
    String name = name();
    Lease first = leases().acquireOrRenew(name, "a", Duration.ofMinutes(1)).orElseThrow();
    assertThat(first.epoch()).isEqualTo(1);

    assertThat(leases().acquireOrRenew(name, "b", Duration.ofMinutes(1))).isEmpty();
    Lease renewed = leases().acquireOrRenew(name, "a", Duration.ofMinutes(1)).orElseThrow();
    assertThat(renewed.epoch()).isEqualTo(1);
    assertThat(renewed.expiresAt()).isAfterOrEqualTo(first.expiresAt());
  }

  @Test
  void anExpiredLeaseIsTakenOverWithAHigherEpochAndTheOldHoldersWritesAreRefused() {
    String name = name();
    Lease old = leases().acquireOrRenew(name, "a", Duration.ofMillis(300)).orElseThrow();
    Lease taken =
        await()
            .atMost(Duration.ofSeconds(10))
            .pollInterval(Duration.ofMillis(100))
            .until(
                () -> leases().acquireOrRenew(name, "b", Duration.ofMinutes(1)),
                Optional::isPresent)
            .orElseThrow();
    assertThat(taken.epoch()).isEqualTo(old.epoch() + 1);
    assertThat(leases().current(name)).contains(taken);

    assertThatThrownBy(() -> leases().fenced(old, handle -> 1))
        .isInstanceOf(LeaseLostException.class)
        .hasMessageContaining("epoch " + old.epoch());
    int written = leases().fenced(taken, handle -> 1);
    assertThat(written).isEqualTo(1);
    assertThat(leases().acquireOrRenew(name, "a", Duration.ofMinutes(1)))
        .as("the old holder cannot renew a lease another holds")
        .isEmpty();
  }

  @Test
  void aReleasedLeaseIsFreeAtOnce() {
    String name = name();
    Lease held = leases().acquireOrRenew(name, "a", Duration.ofMinutes(10)).orElseThrow();
    leases().release(held);
    assertThat(leases().acquireOrRenew(name, "b", Duration.ofMinutes(1)))
        .map(Lease::epoch)
        .contains(2L);
  }

  @Test
  void aScheduledRunIsRecordedOnlyUnderTheCurrentLease() {
    ObjectNode doc = JSON.createObjectNode().put("formatVersion", 1);
    UUID pipeline =
        db.pipelines().create("p " + UUID.randomUUID(), "", doc, "ada", "").summary().id();
    ScheduleCatalog schedules = new ScheduleCatalog(db.jdbi());
    Schedule schedule =
        schedules.create(pipeline, "continuous", JSON.createObjectNode(), Instant.now());
    RunCatalog runs = new RunCatalog(db.jdbi());
    String name = name();
    Lease old = leases().acquireOrRenew(name, "a", Duration.ofMinutes(1)).orElseThrow();
    leases().release(old);
    Lease current = leases().acquireOrRenew(name, "b", Duration.ofMinutes(1)).orElseThrow();

    assertThatThrownBy(
            () ->
                runs.startScheduled(
                    old, schedule.id(), pipeline, 1, doc, "embedded", "2.1.1", null, "schedule"))
        .isInstanceOf(LeaseLostException.class);
    assertThatThrownBy(() -> schedules.markStatus(old, schedule.id(), ScheduleStatus.DONE, null))
        .isInstanceOf(LeaseLostException.class);
    assertThat(runs.list(pipeline)).isEmpty();

    Run run =
        runs.startScheduled(
            current, schedule.id(), pipeline, 1, doc, "embedded", "2.1.1", null, "schedule");
    assertThat(run.scheduleId()).isEqualTo(schedule.id());
    assertThat(run.reconcilerEpoch()).isEqualTo(current.epoch());
    assertThat(runs.listBySchedule(schedule.id())).extracting(Run::id).containsExactly(run.id());
    assertThat(schedules.find(pipeline)).map(Schedule::status).contains(ScheduleStatus.ACTIVE);
  }
}
