package io.sluice.executor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RestartCauseTest {
  @Test
  void aCauseIsTheExceptionsFirstLineWithTheFirstLineOfItsCause() {
    String trace =
        """
        org.apache.flink.runtime.JobException: Recovery is suppressed by FixedDelay
        \tat org.apache.flink.runtime.Foo.bar(Foo.java:1)
        Caused by: org.apache.flink.util.FlinkRuntimeException: Node parse: n failed
        \tat org.apache.flink.runtime.Foo.baz(Foo.java:2)
        Caused by: java.lang.NumberFormatException: For input string: 'x'
        """;

    assertThat(RestartCause.firstLine(trace))
        .isEqualTo(
            "org.apache.flink.runtime.JobException: Recovery is suppressed by FixedDelay"
                + " (caused by org.apache.flink.util.FlinkRuntimeException: Node parse: n failed)");
    assertThat(RestartCause.firstLine("java.lang.IllegalStateException: gone\n\tat x.y(Z.java:1)"))
        .isEqualTo("java.lang.IllegalStateException: gone");
  }
}
