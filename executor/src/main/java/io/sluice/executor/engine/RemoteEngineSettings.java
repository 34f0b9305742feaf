package io.sluice.executor.engine;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Where the remote engine finds its Flink session cluster and what it ships with each job.
 *
 * <pre>{@code
 * RemoteEngineSettings.of(URI.create("http://flink-jobmanager:8081"));
 * }</pre>
 *
 * @param restAddress the JobManager's REST endpoint, {@code http://host:port}
 * @param jars jars uploaded with every job (Sluice's job jar when the cluster's {@code lib/} does
 *     not hold it); empty when the cluster already has Sluice's classes
 * @param checkpointInterval how often every job checkpoints unless its pipeline says otherwise
 * @param requestTimeout how long one call to the REST API may take
 */
public record RemoteEngineSettings(
    URI restAddress, List<Path> jars, Duration checkpointInterval, Duration requestTimeout) {

  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

  public RemoteEngineSettings {
    if (restAddress == null
        || !("http".equals(restAddress.getScheme()) || "https".equals(restAddress.getScheme()))
        || restAddress.getHost() == null) {
      throw new IllegalArgumentException(
          "restAddress must be an http(s)://host:port URL, was " + restAddress);
    }
    jars = List.copyOf(jars);
    for (Path jar : jars) {
      if (!Files.isRegularFile(jar)) {
        throw new IllegalArgumentException("job jar " + jar + " is not a readable file");
      }
    }
    if (checkpointInterval == null || checkpointInterval.toMillis() < 10) {
      throw new IllegalArgumentException(
          "checkpointInterval must be at least 10 ms, was " + checkpointInterval);
    }
    if (requestTimeout == null || requestTimeout.toMillis() < 100) {
      throw new IllegalArgumentException(
          "requestTimeout must be at least 100 ms, was " + requestTimeout);
    }
  }

  /** The cluster at {@code restAddress}, which already has Sluice's classes in its lib/. */
  public static RemoteEngineSettings of(URI restAddress) {
    return new RemoteEngineSettings(
        restAddress,
        List.of(),
        EmbeddedEngineSettings.DEFAULT_CHECKPOINT_INTERVAL,
        DEFAULT_REQUEST_TIMEOUT);
  }

  public RemoteEngineSettings withJars(List<Path> newJars) {
    return new RemoteEngineSettings(restAddress, newJars, checkpointInterval, requestTimeout);
  }

  public RemoteEngineSettings withCheckpointInterval(Duration interval) {
    return new RemoteEngineSettings(restAddress, jars, interval, requestTimeout);
  }

  /** The REST port, with the scheme's default when the URL names none. */
  int port() {
    if (restAddress.getPort() > 0) {
      return restAddress.getPort();
    }
    return "https".equals(restAddress.getScheme()) ? 443 : 80;
  }
}
