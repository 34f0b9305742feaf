package io.sluice.executor.cluster;

import io.sluice.executor.storage.ObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessSpec;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.jobmanager.JobManagerProcessSpec;
import org.apache.flink.runtime.jobmanager.JobManagerProcessUtils;
import org.apache.flink.runtime.util.config.memory.ProcessMemoryUtils;

/**
 * A real Flink session cluster on loopback, for tests, benchmarks and trying the remote engine on
 * one machine: one JobManager and any number of TaskManagers, each a JVM of its own, started from
 * the Flink jars on this JVM's class path (as Maven resolves them; flink-dist, the tarball with
 * {@code bin/} and {@code lib/}, is not on Maven Central). The class path also holds Sluice's
 * classes, as a cluster's {@code lib/} would with Sluice's job jar in it.
 *
 * <p>JVM memory flags come from Flink's own memory model (what {@code bin/taskmanager.sh} gets from
 * {@code BashJavaUtils}). Every address is 127.0.0.1 and every port a free one; all working files
 * stay under {@code dir}. Checkpoints go to the given object store, whose S3 keys the cluster gets
 * in its configuration.
 *
 * <pre>{@code
 * try (FlinkProcessCluster cluster = FlinkProcessCluster.start(dir, store, 1)) {
 *   cluster.startTaskManager(); cluster.startTaskManager();
 *   cluster.awaitTaskManagers(2, Duration.ofSeconds(60));
 *   URI rest = cluster.restAddress();
 * }
 * }</pre>
 */
public final class FlinkProcessCluster implements AutoCloseable {

  private static final Pattern TM_ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");

  private final Path dir;
  private final Path confDir;
  private final Configuration conf;
  private final int restPort;
  private final Process jobManager;
  private final List<Process> taskManagers = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();

  private FlinkProcessCluster(
      Path dir, Path confDir, Configuration conf, int restPort, Process jobManager) {
    this.dir = dir;
    this.confDir = confDir;
    this.conf = conf;
    this.restPort = restPort;
    this.jobManager = jobManager;
  }

  /**
   * Starts the JobManager; TaskManagers come with {@link #startTaskManager()}.
   *
   * @param slotsPerTaskManager task slots of each TaskManager
   */
  public static FlinkProcessCluster start(Path dir, ObjectStore store, int slotsPerTaskManager) {
    try {
      Path confDir = Files.createDirectories(dir.resolve("conf"));
      Path tmp = Files.createDirectories(dir.resolve("tmp"));
      int rpcPort = freePort();
      int restPort = freePort();
      Map<String, String> keys = new LinkedHashMap<>();
      keys.put("jobmanager.rpc.address", "127.0.0.1");
      keys.put("jobmanager.rpc.port", Integer.toString(rpcPort));
      keys.put("jobmanager.bind-host", "127.0.0.1");
      keys.put("rest.address", "127.0.0.1");
      keys.put("rest.bind-address", "127.0.0.1");
      keys.put("rest.port", Integer.toString(restPort));
      keys.put("taskmanager.host", "127.0.0.1");
      keys.put("taskmanager.bind-host", "127.0.0.1");
      keys.put("taskmanager.rpc.port", "0");
      keys.put("taskmanager.data.port", "0");
      keys.put("blob.server.port", "0");
      keys.put("taskmanager.numberOfTaskSlots", Integer.toString(slotsPerTaskManager));
      keys.put("jobmanager.memory.process.size", "768m");
      keys.put("jobmanager.memory.jvm-overhead.min", "96m");
      keys.put("taskmanager.memory.process.size", "900m");
      keys.put("taskmanager.memory.jvm-metaspace.size", "192m");
      keys.put("taskmanager.memory.jvm-overhead.min", "96m");
      keys.put("taskmanager.memory.jvm-overhead.max", "96m");
      keys.put("taskmanager.memory.framework.off-heap.size", "64m");
      keys.put("taskmanager.memory.managed.size", "32m");
      keys.put("io.tmp.dirs", tmp.toString());
      // A lost TaskManager is noticed within seconds, and the job keeps restarting until it has
      // slots again (one lost TaskManager can cost several attempts).
      keys.put("heartbeat.interval", "1000");
      keys.put("heartbeat.timeout", "5000");
      keys.put("restart-strategy.type", "fixed-delay");
      keys.put("restart-strategy.fixed-delay.attempts", "100");
      keys.put("restart-strategy.fixed-delay.delay", "1 s");
      keys.put("metrics.fetcher.update-interval", "1000");
      keys.put("s3.endpoint", store.endpoint().toString());
      keys.put("s3.path.style.access", Boolean.toString(store.settings().pathStyle()));
      keys.put("s3.access-key", store.credentials().accessKey());
      keys.put("s3.secret-key", store.credentials().secretKey());
      keys.put("s3.endpoint.region", store.settings().region());
      StringBuilder yaml = new StringBuilder();
      keys.forEach((k, v) -> yaml.append(k).append(": ").append(v).append('\n'));
      Files.writeString(confDir.resolve("config.yaml"), yaml);
      Files.writeString(
          confDir.resolve("logback-cluster.xml"),
          """
          <configuration>
            <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
              <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{36} - %msg%n</pattern></encoder>
            </appender>
            <root level="WARN"><appender-ref ref="OUT"/></root>
          </configuration>
          """);
      Configuration conf = Configuration.fromMap(keys);

      JobManagerProcessSpec spec = JobManagerProcessUtils.processSpecFromConfig(conf);
      List<String> command = java(dir, "jobmanager", tmp);
      command.addAll(split(JobManagerProcessUtils.generateJvmParametersStr(spec, conf)));
      command.add("org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint");
      command.add("--configDir");
      command.add(confDir.toString());
      command.addAll(split(JobManagerProcessUtils.generateDynamicConfigsStr(spec)));
      Process jm = launch(command, dir.resolve("jobmanager.log"));
      return new FlinkProcessCluster(dir, confDir, conf, restPort, jm);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts one more TaskManager; it registers with the JobManager on its own. */
  public synchronized Process startTaskManager() {
    int n = taskManagers.size() + 1;
    TaskExecutorProcessSpec spec = TaskExecutorProcessUtils.processSpecFromConfig(conf);
    List<String> command = java(dir, "taskmanager-" + n, dir.resolve("tmp"));
    command.addAll(split(ProcessMemoryUtils.generateJvmParametersStr(spec)));
    command.add("org.apache.flink.runtime.taskexecutor.TaskManagerRunner");
    command.add("--configDir");
    command.add(confDir.toString());
    command.addAll(split(TaskExecutorProcessUtils.generateDynamicConfigsStr(spec)));
    Process tm = launch(command, dir.resolve("taskmanager-" + n + ".log"));
    taskManagers.add(tm);
    return tm;
  }

  /** The TaskManager processes in the order they were started, dead ones included. */
  public synchronized List<Process> taskManagers() {
    return List.copyOf(taskManagers);
  }

  /** The REST endpoint, {@code http://127.0.0.1:<port>}. */
  public URI restAddress() {
    return URI.create("http://127.0.0.1:" + restPort);
  }

  /** The ids of the TaskManagers registered now, as {@code GET /taskmanagers} lists them. */
  public List<String> registeredTaskManagers() {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(restAddress().resolve("/taskmanagers"))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        return List.of();
      }
      List<String> ids = new ArrayList<>();
      Matcher m = TM_ID.matcher(response.body());
      while (m.find()) {
        ids.add(m.group(1));
      }
      return ids;
    } catch (IOException e) {
      return List.of(); // not up yet
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of();
    }
  }

  /** Whether the JobManager process still runs; when it died, its log says why. */
  public boolean jobManagerAlive() {
    return jobManager.isAlive();
  }

  /**
   * The folder holding the processes' logs ({@code jobmanager.log}, {@code taskmanager-<n>.log}).
   */
  public Path dir() {
    return dir;
  }

  /**
   * Stops every process: SIGTERM to all at once, SIGKILL to those still running five seconds later.
   * The cluster keeps nothing worth a slow shutdown; checkpoints are on S3 already.
   */
  @Override
  public synchronized void close() {
    List<Process> all = new ArrayList<>(taskManagers);
    all.add(jobManager);
    all.forEach(Process::destroy);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    try {
      for (Process process : all) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || !process.waitFor(left, TimeUnit.NANOSECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      all.forEach(Process::destroyForcibly);
    }
  }

  private static List<String> java(Path dir, String name, Path tmp) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("-Djava.io.tmpdir=" + tmp);
    command.add("-Daws.java.v1.disableDeprecationAnnouncement=true");
    command.add("-Dlog.file=" + dir.resolve(name + ".log"));
    // Warnings and errors only, to the process's output (its log file): Flink is verbose at INFO.
    command.add("-Dlogback.configurationFile=" + dir.resolve("conf/logback-cluster.xml"));
    return command;
  }

  private static Process launch(List<String> command, Path log) {
    try {
      return new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + command, e);
    }
  }

  private static List<String> split(String flags) {
    return Arrays.stream(flags.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
