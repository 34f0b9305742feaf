package io.sluice.connectors.logtail.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.connectors.logtail.enumerator.LogTailEnumeratorState;
import io.sluice.connectors.logtail.enumerator.LogTailEnumeratorStateSerializer;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogTailSplitSerializerTest {
  private static final LogTailSplit SPLIT =
      new LogTailSplit(
          List.of(
              new TrackedLog(3, "/var/log/app.log", "2049:1234", 20, 11L, 1024, -7L, 8192),
              TrackedLog.seen(4, "/var/log/app.log.1", "2049:99", 17, 42L, 0)),
          true,
          5);

  @Test
  void aSplitSurvivesTheRoundTrip() throws IOException {
    LogTailSplitSerializer s = LogTailSplitSerializer.INSTANCE;
    assertThat(s.deserialize(s.getVersion(), s.serialize(SPLIT))).isEqualTo(SPLIT);
    assertThat(s.deserialize(s.getVersion(), s.serialize(LogTailSplit.fresh())))
        .isEqualTo(LogTailSplit.fresh());
  }

  @Test
  void theEnumeratorStateSurvivesTheRoundTrip() throws IOException {
    LogTailEnumeratorStateSerializer s = LogTailEnumeratorStateSerializer.INSTANCE;
    LogTailEnumeratorState state = new LogTailEnumeratorState(true, List.of(SPLIT));
    assertThat(s.deserialize(s.getVersion(), s.serialize(state))).isEqualTo(state);
  }

  @Test
  void anUnknownVersionIsRefused() {
    assertThatThrownBy(() -> LogTailSplitSerializer.INSTANCE.deserialize(9, new byte[0]))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("version 9");
  }

  @Test
  void theStateFollowsTrackForgetAndAdvance() {
    LogTailSplitState state = new LogTailSplitState(LogTailSplit.fresh());
    state.track(TrackedLog.seen(1, "/a", "1:1", 5, 1L, 0));
    state.track(TrackedLog.seen(2, "/b", "1:2", 5, 2L, 0));
    state.advance(1, 100);
    state.forget(2);
    state.started();
    assertThat(state.toSplit())
        .isEqualTo(new LogTailSplit(List.of(TrackedLog.seen(1, "/a", "1:1", 5, 1L, 100)), true, 3));
  }
}
