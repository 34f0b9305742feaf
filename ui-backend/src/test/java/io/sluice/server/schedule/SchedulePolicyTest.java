package io.sluice.server.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchedulePolicyTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  @Test
  void backOffDoublesFromTheInitialDelayUpToTheMaximum() {
    var policy =
        new SchedulePolicy.Continuous(
            5, Duration.ofMinutes(10), Duration.ofSeconds(1), Duration.ofSeconds(5));
    assertThat(policy.backoff(0)).isZero();
    assertThat(policy.backoff(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(policy.backoff(2)).isEqualTo(Duration.ofSeconds(2));
    assertThat(policy.backoff(3)).isEqualTo(Duration.ofSeconds(4));
    assertThat(policy.backoff(4)).isEqualTo(Duration.ofSeconds(5));
    assertThat(policy.backoff(60)).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void cronFireTimesFollowTheTimeZoneAcrossDaylightSaving() {
    var nightly = new SchedulePolicy.CronWindow("0 2 * * *", BERLIN, Duration.ofHours(1));
    // Berlin leaves summer time on 2030-10-27 at 03:00, so 02:00 comes twice that night: the
    // first (summer time, 00:00Z) fires. 02:00 is 00:00Z before that day, 01:00Z after.
    List<Instant> next = nightly.nextFireTimes(Instant.parse("2030-10-25T12:00:00Z"), 3);
    assertThat(next)
        .containsExactly(
            Instant.parse("2030-10-26T00:00:00Z"),
            Instant.parse("2030-10-27T00:00:00Z"),
            Instant.parse("2030-10-28T01:00:00Z"));
    assertThat(nightly.description()).contains("2:00").contains("1h").contains("Europe/Berlin");
  }

  @Test
  void theLastFireTimeIsTheFireTimeItselfAtTheMinuteAndTheOneBeforeAfterIt() {
    var hourly =
        new SchedulePolicy.CronWindow("0 * * * *", ZoneId.of("UTC"), Duration.ofMinutes(5));
    assertThat(hourly.lastFireAtOrBefore(Instant.parse("2030-01-01T10:00:00Z")))
        .contains(Instant.parse("2030-01-01T10:00:00Z"));
    assertThat(hourly.lastFireAtOrBefore(Instant.parse("2030-01-01T10:59:59.900Z")))
        .contains(Instant.parse("2030-01-01T10:00:00Z"));
  }

  @Test
  void aBadCronExpressionIsReportedNotThrown() {
    List<String> problems = new ArrayList<>();
    assertThat(SchedulePolicy.CronWindow.parse("61 * * * *", problems)).isEmpty();
    assertThat(SchedulePolicy.CronWindow.parse("every day", problems)).isEmpty();
    assertThat(problems).hasSize(2).allSatisfy(p -> assertThat(p).isNotBlank());
    assertThatThrownBy(
            () -> new SchedulePolicy.CronWindow("nope", ZoneId.of("UTC"), Duration.ofMinutes(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aStoredPolicyReadsBackEqual() {
    SchedulePolicy[] policies = {
      SchedulePolicy.Continuous.defaults(),
      new SchedulePolicy.CronWindow("30 6 * * 1-5", BERLIN, Duration.ofMinutes(90)),
      new SchedulePolicy.Backfill()
    };
    for (SchedulePolicy policy : policies) {
      assertThat(SchedulePolicy.fromStored(policy.kind(), policy.spec())).isEqualTo(policy);
    }
  }
}
