package io.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SluiceConfigTest {
  @TempDir Path dir;

  @Test
  void withNothingConfiguredUsesTheEmbeddedDefaults() {
    SluiceConfig config = SluiceConfig.load(Map.of(), List.of());

    assertThat(config.port()).isEqualTo(7070);
    assertThat(config.host()).isEqualTo("127.0.0.1");
    assertThat(config.dbUrl()).isNull();
    assertThat(config.dataDir()).isEqualTo(Path.of("data").toAbsolutePath());
    assertThat(config.maxRequestBytes()).isEqualTo(1024 * 1024);
    assertThat(config.demo()).isTrue();
  }

  @Test
  void aFlinkRestAddressSelectsTheRemoteEngineAndIsCheckedWithItsJars() throws IOException {
    assertThat(SluiceConfig.load(Map.of(), List.of()).flinkCluster()).isNull();
    Path jar = Files.createFile(dir.resolve("sluice-flink-job.jar"));

    SluiceConfig remote =
        SluiceConfig.load(
            Map.of(
                "SLUICE_FLINK_REST",
                "http://flink-jobmanager:8081",
                "SLUICE_FLINK_JARS",
                jar.toString()),
            List.of());

    assertThat(remote.flinkCluster().restAddress().toString())
        .isEqualTo("http://flink-jobmanager:8081");
    assertThat(remote.flinkCluster().jars()).containsExactly(jar.toAbsolutePath());
    assertThatThrownBy(
            () ->
                SluiceConfig.load(
                    Map.of(
                        "SLUICE_FLINK_REST",
                        "flink-jobmanager:8081",
                        "SLUICE_FLINK_JARS",
                        dir.resolve("missing.jar").toString()),
                    List.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "flink.rest (SLUICE_FLINK_REST) must be the JobManager's REST address");
    assertThatThrownBy(
            () -> SluiceConfig.load(Map.of("SLUICE_FLINK_JARS", jar.toString()), List.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("flink.jars (SLUICE_FLINK_JARS) is set but flink.rest");
    assertThatThrownBy(
            () ->
                SluiceConfig.load(
                    Map.of(
                        "SLUICE_FLINK_REST",
                        "http://jm:8081",
                        "SLUICE_FLINK_JARS",
                        dir.resolve("missing.jar").toString()),
                    List.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("no such file");
  }

  @Test
  void metricsAreSampledEveryFiveSecondsAndKeptSixHoursThenAWeekByMinuteUnlessConfigured() {
    SluiceConfig defaults = SluiceConfig.load(Map.of(), List.of());
    assertThat(defaults.metrics()).isEqualTo(SluiceConfig.Metrics.DEFAULTS);
    assertThat(defaults.metrics().sampleInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(defaults.metrics().rawRetention()).isEqualTo(Duration.ofHours(6));
    assertThat(defaults.metrics().minuteRetention()).isEqualTo(Duration.ofDays(7));

    SluiceConfig.Metrics configured =
        SluiceConfig.load(
                Map.of(
                    "SLUICE_METRICS_SAMPLE_INTERVAL", "2s",
                    "SLUICE_METRICS_RAW_RETENTION", "1h",
                    "SLUICE_METRICS_MINUTE_RETENTION", "30d"),
                List.of())
            .metrics();
    assertThat(configured)
        .isEqualTo(
            new SluiceConfig.Metrics(
                Duration.ofSeconds(2), Duration.ofHours(1), Duration.ofDays(30)));

    assertThatThrownBy(
            () ->
                SluiceConfig.load(
                    Map.of(
                        "SLUICE_METRICS_SAMPLE_INTERVAL", "often",
                        "SLUICE_METRICS_RAW_RETENTION", "2d",
                        "SLUICE_METRICS_MINUTE_RETENTION", "1d"),
                    List.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("metrics.sample-interval must be a duration")
        .hasMessageContaining("minuteRetention must be at least rawRetention");
  }

  @Test
  void aBackendHasAnIdALeaseTimeAndATickThatCanBeConfiguredAndAreChecked() {
    SluiceConfig defaults = SluiceConfig.load(Map.of(), List.of());
    assertThat(defaults.scheduler()).isEqualTo(SluiceConfig.Scheduler.DEFAULTS);
    assertThat(defaults.scheduler().backendId()).as("kept in the data directory").isNull();

    SluiceConfig.Scheduler configured =
        SluiceConfig.load(
                Map.of(
                    "SLUICE_BACKEND_ID", "backend-a",
                    "SLUICE_SCHEDULER_LEASE_TTL", "4s",
                    "SLUICE_SCHEDULER_TICK_INTERVAL", "500ms"),
                List.of())
            .scheduler();
    assertThat(configured)
        .isEqualTo(
            new SluiceConfig.Scheduler("backend-a", Duration.ofSeconds(4), Duration.ofMillis(500)));

    assertThatThrownBy(
            () ->
                SluiceConfig.load(
                    Map.of(
                        "SLUICE_SCHEDULER_LEASE_TTL", "2s", "SLUICE_SCHEDULER_TICK_INTERVAL", "2s"),
                    List.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("tickInterval must be shorter than leaseTtl");
    assertThatThrownBy(() -> SluiceConfig.load(Map.of("SLUICE_BACKEND_ID", "a b/c"), List.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("backendId must be 1 to 100 letters");
  }

  @Test
  void theDemoPipelineCanBeTurnedOffAndABadSwitchIsNamed() {
    assertThat(SluiceConfig.load(Map.of("SLUICE_DEMO", "false"), List.of()).demo()).isFalse();
    assertThat(SluiceConfig.load(Map.of("SLUICE_DEMO", "TRUE"), List.of()).demo()).isTrue();
    assertThatThrownBy(() -> SluiceConfig.load(Map.of("SLUICE_DEMO", "nope"), List.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("demo must be true or false, was 'nope'");
  }

  @Test
  void environmentVariablesWinOverTheConfigFile() throws IOException {
    Path file = dir.resolve("sluice.properties");
    Files.writeString(
        file,
        """
        port=8081
        db.url=jdbc:postgresql://db:5432/sluice
        db.user=file-user
        """);

    SluiceConfig config =
        SluiceConfig.load(
            Map.of("SLUICE_PORT", "9090", "SLUICE_DATA_DIR", dir.toString()),
            List.of("--config", file.toString()));

    assertThat(config.port()).isEqualTo(9090);
    assertThat(config.dbUrl()).isEqualTo("jdbc:postgresql://db:5432/sluice");
    assertThat(config.dbUser()).isEqualTo("file-user");
    assertThat(config.dataDir()).isEqualTo(dir);
  }

  @Test
  void reportsEveryBadValueAtOnce() throws IOException {
    Path file = dir.resolve("bad.properties");
    Files.writeString(file, "prot=80\n");

    assertThatThrownBy(
            () ->
                SluiceConfig.load(
                    Map.of(
                        "SLUICE_PORT", "seventy",
                        "SLUICE_DB_URL", "mysql://x",
                        "SLUICE_CONFIG", file.toString()),
                    List.of()))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .hasSize(3)
                    .anySatisfy(p -> assertThat(p).contains("unknown key 'prot'"))
                    .anySatisfy(p -> assertThat(p).contains("port must be a whole number"))
                    .anySatisfy(p -> assertThat(p).contains("jdbc:postgresql:")));
  }

  @Test
  void rejectsAPortOutOfRangeAndAMissingConfigFile() {
    assertThatThrownBy(
            () ->
                SluiceConfig.load(
                    Map.of("SLUICE_PORT", "70000"),
                    List.of("--config", dir.resolve("missing.properties").toString())))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("port must be at most 65535")
        .hasMessageContaining("cannot read config file");
  }

  @Test
  void neverPrintsTheDatabasePassword() {
    SluiceConfig config =
        SluiceConfig.load(
            Map.of("SLUICE_DB_URL", "jdbc:postgresql://db/sluice", "SLUICE_DB_PASSWORD", "hunter2"),
            List.of());

    assertThat(config.dbPassword()).isEqualTo("hunter2");
    assertThat(config.toString()).doesNotContain("hunter2");
  }

  @Test
  void allowsOnlyTheDataDirectoryUnlessRootsAreConfigured() {
    SluiceConfig defaults = SluiceConfig.load(Map.of("SLUICE_DATA_DIR", dir.toString()), List.of());
    assertThat(defaults.protection().allowedRoots()).containsExactly(dir);
    assertThat(defaults.protection().masterKeys()).isNull();
    assertThat(defaults.protection().masterKeyFile()).isNull();

    SluiceConfig configured =
        SluiceConfig.load(
            Map.of("SLUICE_ALLOWED_ROOTS", "/srv/in:/srv/out/", "SLUICE_MASTER_KEY", "a2V5"),
            List.of());
    assertThat(configured.protection().allowedRoots())
        .containsExactly(Path.of("/srv/in"), Path.of("/srv/out"));
    assertThat(configured.toString()).doesNotContain("a2V5");
    assertThat(configured.protection().toString()).doesNotContain("a2V5");
  }

  @Test
  void rejectsRelativeRootsAndTwoSourcesOfMasterKeys() {
    assertThatThrownBy(
            () ->
                SluiceConfig.load(
                    Map.of(
                        "SLUICE_ALLOWED_ROOTS", "data/in",
                        "SLUICE_MASTER_KEY", "a2V5",
                        "SLUICE_MASTER_KEY_FILE", "/etc/sluice/key"),
                    List.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("must list absolute directories")
        .hasMessageContaining("are both set")
        .hasMessageNotContaining("a2V5");
  }
}
