package io.sluice.executor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.executor.storage.StoredObject;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Restore points written within the same second must still be ordered right. */
class RestorePointOrderTest {
  private static final Instant SAME_SECOND = Instant.parse("2026-11-24T06:00:00Z");
  private static final String JOB_A = "aaaaaa0123456789aaaaaa0123456789";
  private static final String JOB_B = "bbbbbb0123456789bbbbbb0123456789";

  private static StoredObject checkpoint(String job, int n) {
    return new StoredObject("checkpoints/p/" + job + "/chk-" + n + "/_metadata", 10, SAME_SECOND);
  }

  private static StoredObject savepoint(String job) {
    return new StoredObject(
        "savepoints/p/savepoint-" + job.substring(0, 6) + "-0123456789ab/_metadata",
        10,
        SAME_SECOND);
  }

  private static StoredObject newest(StoredObject... objects) {
    Comparator<StoredObject> order =
        Comparator.comparing(StoredObject::lastModified)
            .thenComparing(EmbeddedEngine.RESTORE_TIE_BREAK);
    return List.of(objects).stream().max(order).orElseThrow();
  }

  @Test
  void prefersTheHigherCheckpointNumberNotTheLaterStringWithinASecond() {
    assertThat(newest(checkpoint(JOB_A, 9), checkpoint(JOB_A, 10)))
        .isEqualTo(checkpoint(JOB_A, 10));
    assertThat(newest(checkpoint(JOB_A, 10), checkpoint(JOB_B, 11)))
        .isEqualTo(checkpoint(JOB_B, 11));
  }

  @Test
  void prefersASavepointOverItsOwnJobsCheckpointsAndALaterJobsCheckpointOverTheSavepoint() {
    assertThat(newest(checkpoint(JOB_A, 12), savepoint(JOB_A))).isEqualTo(savepoint(JOB_A));
    assertThat(newest(savepoint(JOB_A), checkpoint(JOB_A, 12))).isEqualTo(savepoint(JOB_A));
    assertThat(newest(savepoint(JOB_A), checkpoint(JOB_B, 13))).isEqualTo(checkpoint(JOB_B, 13));
  }

  @Test
  void aNewerSecondAlwaysWins() {
    StoredObject later =
        new StoredObject(
            "checkpoints/p/" + JOB_A + "/chk-1/_metadata", 10, SAME_SECOND.plusSeconds(1));
    assertThat(newest(checkpoint(JOB_B, 99), later)).isEqualTo(later);
  }
}
