package io.sluice.connectors.logtail.reader;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class MultilineAssemblerTest {

  @Test
  void withoutAPatternEveryLineIsAnEventAtOnce() {
    MultilineAssembler lines = new MultilineAssembler(null, 10, 1000);
    assertThat(lines.offer("a", 0, 2, 1))
        .isEqualTo(new MultilineAssembler.Event("a", 0, 2, 1, false));
    assertThat(lines.pending()).isFalse();
  }

  @Test
  void continuationLinesJoinTheEventBeforeThem() {
    MultilineAssembler lines = new MultilineAssembler(Pattern.compile("^\\s+at "), 10, 1000);
    assertThat(lines.offer("Exception", 0, 10, 9)).isNull();
    assertThat(lines.offer("  at A.b()", 10, 21, 10)).isNull();
    assertThat(lines.pendingStart()).isZero();
    MultilineAssembler.Event event = lines.offer("next", 21, 26, 4);
    assertThat(event)
        .isEqualTo(new MultilineAssembler.Event("Exception\n  at A.b()", 0, 21, 2, false));
    assertThat(lines.flush()).isEqualTo(new MultilineAssembler.Event("next", 21, 26, 1, false));
    assertThat(lines.flush()).isNull();
  }

  @Test
  void aContinuationWithNothingBeforeItStartsAnEvent() {
    MultilineAssembler lines = new MultilineAssembler(Pattern.compile("^\\s"), 10, 1000);
    assertThat(lines.offer(" orphan", 0, 8, 7)).isNull();
    assertThat(lines.flush().text()).isEqualTo(" orphan");
  }

  @Test
  void anEventIsCutAtItsLineLimit() {
    MultilineAssembler lines = new MultilineAssembler(Pattern.compile("^\\s"), 2, 1000);
    lines.offer("a", 0, 2, 1);
    lines.offer(" b", 2, 5, 2);
    MultilineAssembler.Event cut = lines.offer(" c", 5, 8, 2);
    assertThat(cut).isEqualTo(new MultilineAssembler.Event("a\n b", 0, 5, 2, true));
    assertThat(lines.flush().text()).isEqualTo(" c");
  }

  @Test
  void anEventIsCutAtItsByteLimit() {
    MultilineAssembler lines = new MultilineAssembler(Pattern.compile("^\\s"), 100, 10);
    lines.offer("12345", 0, 6, 5);
    MultilineAssembler.Event cut = lines.offer(" 6789", 6, 12, 5);
    assertThat(cut.text()).isEqualTo("12345");
    assertThat(cut.cut()).isTrue();
  }
}
