package io.sluice.executor.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class RemoteEngineSettingsTest {

  @Test
  void takesAnHttpRestAddressAndDefaultsItsPortToTheScheme() {
    assertThat(RemoteEngineSettings.of(URI.create("http://jm:8081")).port()).isEqualTo(8081);
    assertThat(RemoteEngineSettings.of(URI.create("https://flink.example.com")).port())
        .isEqualTo(443);
  }

  @Test
  void rejectsAnAddressThatIsNotHttpAndJarsThatDoNotExist() {
    assertThatThrownBy(() -> RemoteEngineSettings.of(URI.create("jm:8081")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("http(s)://host:port");
    assertThatThrownBy(
            () ->
                RemoteEngineSettings.of(URI.create("http://jm:8081"))
                    .withJars(List.of(Path.of("/nonexistent/sluice-flink-job.jar"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("/nonexistent/sluice-flink-job.jar");
  }

  @Test
  void spellsOperatorNamesAsFlinksRestApiDoesInMetricNames() {
    assertThat(RemoteEngine.restName("Source: gen")).isEqualTo("Source__gen");
    assertThat(RemoteEngine.restName("out → file: Writer")).isEqualTo("out_→_file__Writer");
    assertThat(RemoteEngine.restName("Calc[3], a.b")).isEqualTo("Calc[3]__a_b");
  }
}
