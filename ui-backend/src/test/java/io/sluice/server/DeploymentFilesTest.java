package io.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * docker/compose.yaml is valid for {@code docker-compose config} (Debian's docker-compose 1.29,
 * installed by .ci/run) and wires Sluice to the Flink cluster. Skipped where the binary is absent.
 */
class DeploymentFilesTest {

  private static final Path REPO = Path.of("").toAbsolutePath().getParent();
  private static final Path COMPOSE = REPO.resolve("docker/compose.yaml");

  @Test
  void theComposeFileIsValidAndRunsSluiceInRemoteMode() throws Exception {
    assumeTrue(
        onPath("docker-compose"),
        "docker-compose is not installed here (apt-get install docker-compose): the compose file"
            + " is not validated; CI installs it");

    Result services = run("docker-compose", "-f", COMPOSE.toString(), "config", "--services");

    assertThat(services.exitCode()).as(services.output()).isZero();
    assertThat(services.output().lines().map(String::strip).toList())
        .contains("postgres", "kafka", "minio", "flink-jobmanager", "flink-taskmanager", "sluice");
    Result config = run("docker-compose", "-f", COMPOSE.toString(), "config");
    assertThat(config.exitCode()).as(config.output()).isZero();
    assertThat(config.output())
        .contains("SLUICE_FLINK_REST: http://flink-jobmanager:8081")
        .contains("s3.endpoint: http://minio:9000")
        .contains("condition: service_healthy");
  }

  @Test
  void theFlinkImageEnablesTheS3FileSystemAndCarriesTheJobJar() throws IOException {
    String dockerfile = Files.readString(REPO.resolve("docker/Dockerfile"));

    assertThat(dockerfile)
        .contains("ENABLE_BUILT_IN_PLUGINS=flink-s3-fs-hadoop-")
        .contains("/opt/flink/lib/")
        .contains("-Pflink-job-jar");
    assertThat(Files.readString(REPO.resolve("docker/k8s/flink-session.yaml")))
        .contains("kind: FlinkDeployment");
  }

  private record Result(int exitCode, String output) {}

  private static Result run(String... command) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(List.of(command))
            .directory(REPO.toFile())
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException(String.join(" ", command) + " did not end in 60 s");
    }
    return new Result(process.exitValue(), output);
  }

  private static boolean onPath(String binary) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, binary))) {
        return true;
      }
    }
    return false;
  }
}
