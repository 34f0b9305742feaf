package io.sluice.server;

import io.sluice.model.document.Durations;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Everything Sluice needs to start, read from (lowest precedence first) built-in defaults, an
 * optional properties file, and environment variables.
 *
 * <p>{@code SluiceConfig config = SluiceConfig.load(System.getenv(), args); }
 *
 * <table>
 *   <tr><th>environment</th><th>file key</th><th>default</th></tr>
 *   <tr><td>SLUICE_DATA_DIR</td><td>data-dir</td><td>./data</td></tr>
 *   <tr><td>SLUICE_HOST</td><td>host</td><td>127.0.0.1</td></tr>
 *   <tr><td>SLUICE_PORT</td><td>port</td><td>7070</td></tr>
 *   <tr><td>SLUICE_DB_URL</td><td>db.url</td><td>(embedded PostgreSQL)</td></tr>
 *   <tr><td>SLUICE_DB_USER</td><td>db.user</td><td>(none)</td></tr>
 *   <tr><td>SLUICE_DB_PASSWORD</td><td>db.password</td><td>(none)</td></tr>
 *   <tr><td>SLUICE_MAX_REQUEST_BYTES</td><td>max-request-bytes</td><td>1048576</td></tr>
 *   <tr><td>SLUICE_S3_ENDPOINT</td><td>s3.endpoint</td><td>(embedded S3)</td></tr>
 *   <tr><td>SLUICE_S3_REGION</td><td>s3.region</td><td>us-east-1</td></tr>
 *   <tr><td>SLUICE_S3_BUCKET</td><td>s3.bucket</td><td>(required with an endpoint)</td></tr>
 *   <tr><td>SLUICE_S3_ACCESS_KEY</td><td>s3.access-key</td><td>(required with an endpoint)</td></tr>
 *   <tr><td>SLUICE_S3_SECRET_KEY</td><td>s3.secret-key</td><td>(required with an endpoint)</td></tr>
 *   <tr><td>SLUICE_S3_PATH_STYLE</td><td>s3.path-style</td><td>true</td></tr>
 *   <tr><td>SLUICE_TASK_SLOTS</td><td>task-slots</td><td>8</td></tr>
 *   <tr><td>SLUICE_DEMO</td><td>demo</td><td>true</td></tr>
 *   <tr><td>SLUICE_METRICS_SAMPLE_INTERVAL</td><td>metrics.sample-interval</td><td>5s</td></tr>
 *   <tr><td>SLUICE_METRICS_RAW_RETENTION</td><td>metrics.raw-retention</td><td>6h</td></tr>
 *   <tr><td>SLUICE_METRICS_MINUTE_RETENTION</td><td>metrics.minute-retention</td><td>7d</td></tr>
 *   <tr><td>SLUICE_BACKEND_ID</td><td>backend-id</td><td>(kept in the data directory)</td></tr>
 *   <tr><td>SLUICE_SCHEDULER_LEASE_TTL</td><td>scheduler.lease-ttl</td><td>15s</td></tr>
 *   <tr><td>SLUICE_SCHEDULER_TICK_INTERVAL</td><td>scheduler.tick-interval</td><td>2s</td></tr>
 *   <tr><td>SLUICE_FLINK_REST</td><td>flink.rest</td><td>(embedded MiniCluster)</td></tr>
 *   <tr><td>SLUICE_FLINK_JARS</td><td>flink.jars</td><td>(none; comma-separated)</td></tr>
 *   <tr><td>SLUICE_MASTER_KEY</td><td>master-key</td><td>(key file in the data directory)</td></tr>
 *   <tr><td>SLUICE_MASTER_KEY_FILE</td><td>master-key-file</td><td>(data-dir/master.key)</td></tr>
 *   <tr><td>SLUICE_ALLOWED_ROOTS</td><td>allowed-roots</td><td>(the data directory)</td></tr>
 *   <tr><td>SLUICE_ADMIN_PASSWORD</td><td>admin-password</td><td>(generated at first start)</td></tr>
 *   <tr><td>SLUICE_SECURE_COOKIES</td><td>auth.secure-cookies</td><td>auto</td></tr>
 *   <tr><td>SLUICE_SESSION_TTL</td><td>auth.session-ttl</td><td>12h</td></tr>
 *   <tr><td>SLUICE_AUDIT_RETENTION</td><td>audit.retention</td><td>forever</td></tr>
 * </table>
 *
 * <p>The file is named by {@code --config <path>} on the command line or {@code SLUICE_CONFIG}.
 */
public record SluiceConfig(
    Path dataDir,
    String host,
    int port,
    String dbUrl,
    String dbUser,
    String dbPassword,
    long maxRequestBytes,
    S3 s3,
    int taskSlots,
    boolean demo,
    Metrics metrics,
    Scheduler scheduler,
    FlinkCluster flinkCluster,
    Protection protection,
    Auth auth) {

  /**
   * Users, sessions and the audit log.
   *
   * @param adminPassword the password of the {@code admin} user created when the catalog has no
   *     users; null: a one-time password is generated, printed once, and must be changed at the
   *     first login. Ignored once users exist.
   * @param secureCookies whether session cookies are marked {@code Secure}; null: when the request
   *     came over https (directly or as {@code X-Forwarded-Proto: https})
   * @param sessionTtl how long a browser session lasts after login
   * @param auditRetention how long audit rows are kept; null: forever
   */
  public record Auth(
      String adminPassword, Boolean secureCookies, Duration sessionTtl, Duration auditRetention) {
    public static final Duration DEFAULT_SESSION_TTL = Duration.ofHours(12);

    public Auth {
      if (sessionTtl == null || sessionTtl.toMinutes() < 1) {
        throw new IllegalArgumentException("sessionTtl must be at least a minute");
      }
      if (auditRetention != null && auditRetention.toHours() < 1) {
        throw new IllegalArgumentException("auditRetention must be at least an hour");
      }
    }

    /**
     * Defaults for programs that run Sluice inside them: the admin password of a first start is
     * {@code SLUICE_ADMIN_PASSWORD} from the environment when set (so tests and benchmarks know
     * it), else generated.
     */
    public static Auth defaults() {
      String fromEnv = System.getenv("SLUICE_ADMIN_PASSWORD");
      return new Auth(
          fromEnv == null || fromEnv.isBlank() ? null : fromEnv, null, DEFAULT_SESSION_TTL, null);
    }

    public Auth withAdminPassword(String password) {
      return new Auth(password, secureCookies, sessionTtl, auditRetention);
    }

    @Override
    public String toString() {
      return "Auth[adminPassword=%s, secureCookies=%s, sessionTtl=%s, auditRetention=%s]"
          .formatted(
              adminPassword == null ? "(generated)" : "(set)",
              secureCookies == null ? "auto" : secureCookies,
              sessionTtl,
              auditRetention == null ? "forever" : auditRetention);
    }
  }

  /**
   * Where secrets' master keys come from and which directories pipelines may use.
   *
   * @param masterKeys base64 AES-256 keys, newest first, separated by commas ({@code
   *     SLUICE_MASTER_KEY}); null: from {@code masterKeyFile}
   * @param masterKeyFile a file of such keys, one a line ({@code SLUICE_MASTER_KEY_FILE}); null
   *     with no {@code masterKeys}: {@code master.key} in the data directory, made at first start
   * @param allowedRoots the directories that file sources and sinks and dead-letter directories
   *     must stay inside ({@code SLUICE_ALLOWED_ROOTS})
   */
  public record Protection(String masterKeys, Path masterKeyFile, List<Path> allowedRoots) {
    public Protection {
      allowedRoots = List.copyOf(allowedRoots);
      if (allowedRoots.isEmpty()) {
        throw new IllegalArgumentException("allowedRoots needs at least one directory");
      }
    }

    /** Keys from the data directory; only the data directory is allowed. */
    public static Protection defaults(Path dataDir) {
      return new Protection(null, null, List.of(dataDir));
    }

    /** The same keys, with these allowed roots. */
    public Protection withAllowedRoots(List<Path> roots) {
      return new Protection(masterKeys, masterKeyFile, roots);
    }

    /** The same roots, with these master keys (base64, newest first, comma-separated). */
    public Protection withMasterKeys(String keys) {
      return new Protection(keys, masterKeyFile, allowedRoots);
    }

    @Override
    public String toString() {
      // Never print a key.
      return "Protection[masterKeys=%s, masterKeyFile=%s, allowedRoots=%s]"
          .formatted(masterKeys == null ? "(none)" : "(set)", masterKeyFile, allowedRoots);
    }
  }

  /**
   * A Flink session cluster to run pipelines on (the remote engine placement); null runs them in an
   * embedded MiniCluster.
   *
   * @param restAddress the JobManager's REST endpoint, {@code http://host:8081}
   * @param jars jars shipped with every job (Sluice's job jar, when the cluster's lib/ lacks it)
   */
  public record FlinkCluster(URI restAddress, List<Path> jars) {
    public FlinkCluster {
      if (restAddress == null) {
        throw new IllegalArgumentException("restAddress is required");
      }
      jars = List.copyOf(jars);
    }
  }

  /**
   * How this backend takes part in scheduling.
   *
   * @param backendId this backend's id among the backends on one catalog; null: the id kept in the
   *     data directory (file {@code backend-id}, made up at the first start)
   * @param leaseTtl how long the reconciler lease and this backend's liveness last without renewal:
   *     after a crash, another backend takes over within about this long
   * @param tickInterval how often the reconciler compares schedules with runs
   */
  public record Scheduler(String backendId, Duration leaseTtl, Duration tickInterval) {
    public static final Scheduler DEFAULTS =
        new Scheduler(null, Duration.ofSeconds(15), Duration.ofSeconds(2));

    public Scheduler {
      if (backendId != null && !backendId.matches("[A-Za-z0-9._-]{1,100}")) {
        throw new IllegalArgumentException(
            "backendId must be 1 to 100 letters, digits, '.', '_' or '-', was '" + backendId + "'");
      }
      if (leaseTtl == null || leaseTtl.toMillis() < 500) {
        throw new IllegalArgumentException("leaseTtl must be at least 500ms");
      }
      if (tickInterval == null || tickInterval.compareTo(leaseTtl) >= 0) {
        throw new IllegalArgumentException("tickInterval must be shorter than leaseTtl");
      }
    }
  }

  /**
   * How run metrics are sampled and kept.
   *
   * @param sampleInterval how often every running pipeline's metrics are read, stored and pushed
   * @param rawRetention how long samples are kept as taken
   * @param minuteRetention how long the per-minute roll-ups are kept
   */
  public record Metrics(Duration sampleInterval, Duration rawRetention, Duration minuteRetention) {
    public static final Metrics DEFAULTS =
        new Metrics(Duration.ofSeconds(5), Duration.ofHours(6), Duration.ofDays(7));

    public Metrics {
      if (sampleInterval == null || sampleInterval.toMillis() < 100) {
        throw new IllegalArgumentException("sampleInterval must be at least 100ms");
      }
      if (rawRetention == null || rawRetention.toMinutes() < 1) {
        throw new IllegalArgumentException("rawRetention must be at least a minute");
      }
      if (minuteRetention == null || minuteRetention.compareTo(rawRetention) < 0) {
        throw new IllegalArgumentException("minuteRetention must be at least rawRetention");
      }
    }
  }

  /** An external S3 for checkpoints and savepoints; null means the embedded one. */
  public record S3(
      String endpoint,
      String region,
      String bucket,
      String accessKey,
      String secretKey,
      boolean pathStyle) {
    @Override
    public String toString() {
      return "S3[endpoint=%s, region=%s, bucket=%s, pathStyle=%s]"
          .formatted(endpoint, region, bucket, pathStyle);
    }
  }

  public static final int DEFAULT_PORT = 7070;
  public static final long DEFAULT_MAX_REQUEST_BYTES = 1024 * 1024;
  public static final int DEFAULT_TASK_SLOTS = 8;

  private static final Map<String, String> ENV_TO_KEY = envToKey();

  public SluiceConfig {
    if (dataDir == null) {
      throw new IllegalArgumentException("dataDir is required");
    }
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("host is required");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
    }
    if (maxRequestBytes <= 0) {
      throw new IllegalArgumentException("maxRequestBytes must be positive");
    }
    if (taskSlots < 1) {
      throw new IllegalArgumentException("taskSlots must be at least 1");
    }
    if (metrics == null) {
      throw new IllegalArgumentException("metrics is required");
    }
    if (scheduler == null) {
      throw new IllegalArgumentException("scheduler is required");
    }
    if (protection == null) {
      throw new IllegalArgumentException("protection is required");
    }
    if (auth == null) {
      throw new IllegalArgumentException("auth is required");
    }
  }

  /**
   * A configuration with every default and the given data directory, for programs that run Sluice
   * inside them (tests, benchmarks): unlike a start from the command line, it creates no demo
   * pipeline. Port 0 picks a free one.
   */
  public static SluiceConfig defaults(Path dataDir) {
    return new SluiceConfig(
        dataDir,
        "127.0.0.1",
        DEFAULT_PORT,
        null,
        null,
        null,
        DEFAULT_MAX_REQUEST_BYTES,
        null,
        DEFAULT_TASK_SLOTS,
        false,
        Metrics.DEFAULTS,
        Scheduler.DEFAULTS,
        null,
        // Tests and benchmarks write files in the temporary directory; a deployment (load) gets
        // the data directory only.
        Protection.defaults(dataDir)
            .withAllowedRoots(List.of(dataDir, Path.of(System.getProperty("java.io.tmpdir")))),
        Auth.defaults());
  }

  public SluiceConfig withPort(int newPort) {
    return new SluiceConfig(
        dataDir,
        host,
        newPort,
        dbUrl,
        dbUser,
        dbPassword,
        maxRequestBytes,
        s3,
        taskSlots,
        demo,
        metrics,
        scheduler,
        flinkCluster,
        protection,
        auth);
  }

  public SluiceConfig withMaxRequestBytes(long bytes) {
    return new SluiceConfig(
        dataDir,
        host,
        port,
        dbUrl,
        dbUser,
        dbPassword,
        bytes,
        s3,
        taskSlots,
        demo,
        metrics,
        scheduler,
        flinkCluster,
        protection,
        auth);
  }

  /** Whether the first start on an empty embedded catalog creates and starts a demo pipeline. */
  public SluiceConfig withDemo(boolean on) {
    return new SluiceConfig(
        dataDir,
        host,
        port,
        dbUrl,
        dbUser,
        dbPassword,
        maxRequestBytes,
        s3,
        taskSlots,
        on,
        metrics,
        scheduler,
        flinkCluster,
        protection,
        auth);
  }

  /** How run metrics are sampled and kept. */
  public SluiceConfig withMetrics(Metrics newMetrics) {
    return new SluiceConfig(
        dataDir,
        host,
        port,
        dbUrl,
        dbUser,
        dbPassword,
        maxRequestBytes,
        s3,
        taskSlots,
        demo,
        newMetrics,
        scheduler,
        flinkCluster,
        protection,
        auth);
  }

  /** How this backend takes part in scheduling. */
  public SluiceConfig withScheduler(Scheduler newScheduler) {
    return new SluiceConfig(
        dataDir,
        host,
        port,
        dbUrl,
        dbUser,
        dbPassword,
        maxRequestBytes,
        s3,
        taskSlots,
        demo,
        metrics,
        newScheduler,
        flinkCluster,
        protection,
        auth);
  }

  /** Reads the configuration; every bad value is reported at once in a {@link ConfigException}. */
  public static SluiceConfig load(Map<String, String> env, List<String> args) {
    List<String> problems = new ArrayList<>();
    Map<String, String> values = new LinkedHashMap<>();
    String source = configFileFrom(env, args, problems);
    if (source != null) {
      values.putAll(readFile(Path.of(source), problems));
    }
    ENV_TO_KEY.forEach(
        (variable, key) -> {
          String value = env.get(variable);
          if (value != null && !value.isBlank()) {
            values.put(key, value.trim());
          }
        });

    Path dataDir = Path.of(values.getOrDefault("data-dir", "data")).toAbsolutePath().normalize();
    String host = values.getOrDefault("host", "127.0.0.1");
    int port = intValue(values, "port", DEFAULT_PORT, 0, 65535, problems);
    long maxRequest =
        longValue(values, "max-request-bytes", DEFAULT_MAX_REQUEST_BYTES, 1024, problems);
    String dbUrl = values.get("db.url");
    if (dbUrl != null && !dbUrl.startsWith("jdbc:postgresql:")) {
      problems.add("db.url (SLUICE_DB_URL) must be a jdbc:postgresql: URL, was '" + dbUrl + "'");
    }
    int slots = intValue(values, "task-slots", DEFAULT_TASK_SLOTS, 1, 1024, problems);
    boolean demo = booleanValue(values, "demo", true, problems);
    Metrics metrics = metricsValue(values, problems);
    Scheduler scheduler = schedulerValue(values, problems);
    FlinkCluster flinkCluster = flinkClusterValue(values, problems);
    S3 s3 = null;
    if (values.containsKey("s3.endpoint")) {
      for (String required : List.of("s3.bucket", "s3.access-key", "s3.secret-key")) {
        if (!values.containsKey(required)) {
          problems.add(required + " is required when s3.endpoint (SLUICE_S3_ENDPOINT) is set");
        }
      }
      s3 =
          new S3(
              values.get("s3.endpoint"),
              values.getOrDefault("s3.region", "us-east-1"),
              values.get("s3.bucket"),
              values.get("s3.access-key"),
              values.get("s3.secret-key"),
              !"false".equalsIgnoreCase(values.getOrDefault("s3.path-style", "true")));
    } else {
      for (String key : List.of("s3.bucket", "s3.access-key", "s3.secret-key", "s3.region")) {
        if (values.containsKey(key)) {
          problems.add(key + " is set but s3.endpoint (SLUICE_S3_ENDPOINT) is not");
        }
      }
    }
    Protection protection = protectionValue(values, dataDir, problems);
    Auth auth = authValue(values, problems);
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new SluiceConfig(
        dataDir,
        host,
        port,
        dbUrl,
        values.get("db.user"),
        values.get("db.password"),
        maxRequest,
        s3,
        slots,
        demo,
        metrics,
        scheduler,
        flinkCluster,
        protection,
        auth);
  }

  private static FlinkCluster flinkClusterValue(Map<String, String> values, List<String> problems) {
    String rest = values.get("flink.rest");
    String jars = values.get("flink.jars");
    if (rest == null) {
      if (jars != null) {
        problems.add(
            "flink.jars (SLUICE_FLINK_JARS) is set but flink.rest (SLUICE_FLINK_REST) is not");
      }
      return null;
    }
    URI uri;
    try {
      uri = new URI(rest);
    } catch (URISyntaxException e) {
      uri = null;
    }
    if (uri == null
        || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
        || uri.getHost() == null) {
      problems.add(
          "flink.rest (SLUICE_FLINK_REST) must be the JobManager's REST address such as"
              + " http://flink-jobmanager:8081, was '"
              + rest
              + "'");
      return null;
    }
    List<Path> jarPaths = new ArrayList<>();
    if (jars != null) {
      for (String jar : jars.split(",")) {
        if (jar.isBlank()) {
          continue;
        }
        Path path = Path.of(jar.trim());
        if (!Files.isRegularFile(path)) {
          problems.add("flink.jars (SLUICE_FLINK_JARS): no such file '" + jar.trim() + "'");
        } else {
          jarPaths.add(path.toAbsolutePath());
        }
      }
    }
    return new FlinkCluster(uri, jarPaths);
  }

  /**
   * A configuration that runs pipelines on the Flink session cluster at {@code restAddress} instead
   * of an embedded MiniCluster.
   */
  public SluiceConfig withFlinkCluster(FlinkCluster cluster) {
    return new SluiceConfig(
        dataDir,
        host,
        port,
        dbUrl,
        dbUser,
        dbPassword,
        maxRequestBytes,
        s3,
        taskSlots,
        demo,
        metrics,
        scheduler,
        cluster,
        protection,
        auth);
  }

  /** The same configuration with these master keys and allowed roots. */
  public SluiceConfig withProtection(Protection newProtection) {
    return new SluiceConfig(
        dataDir,
        host,
        port,
        dbUrl,
        dbUser,
        dbPassword,
        maxRequestBytes,
        s3,
        taskSlots,
        demo,
        metrics,
        scheduler,
        flinkCluster,
        newProtection,
        auth);
  }

  private static Protection protectionValue(
      Map<String, String> values, Path dataDir, List<String> problems) {
    String keys = values.get("master-key");
    String file = values.get("master-key-file");
    if (keys != null && file != null) {
      problems.add(
          "master-key (SLUICE_MASTER_KEY) and master-key-file (SLUICE_MASTER_KEY_FILE) are both"
              + " set; set one");
    }
    List<Path> roots = new ArrayList<>();
    String rootsText = values.get("allowed-roots");
    if (rootsText != null) {
      for (String part : rootsText.split(java.io.File.pathSeparator)) {
        if (part.isBlank()) {
          continue;
        }
        Path root = Path.of(part.strip());
        if (root.isAbsolute()) {
          roots.add(root.normalize());
        } else {
          problems.add(
              "allowed-roots (SLUICE_ALLOWED_ROOTS) must list absolute directories, was '"
                  + part.strip()
                  + "'");
        }
      }
    }
    if (roots.isEmpty()) {
      roots.add(dataDir);
    }
    return new Protection(keys, file == null ? null : Path.of(file).toAbsolutePath(), roots);
  }

  /** Users, sessions and the audit log. */
  public SluiceConfig withAuth(Auth newAuth) {
    return new SluiceConfig(
        dataDir,
        host,
        port,
        dbUrl,
        dbUser,
        dbPassword,
        maxRequestBytes,
        s3,
        taskSlots,
        demo,
        metrics,
        scheduler,
        flinkCluster,
        protection,
        newAuth);
  }

  private static Auth authValue(Map<String, String> values, List<String> problems) {
    Boolean secure = null;
    String rawSecure = values.getOrDefault("auth.secure-cookies", "auto");
    if (rawSecure.equalsIgnoreCase("true")) {
      secure = true;
    } else if (rawSecure.equalsIgnoreCase("false")) {
      secure = false;
    } else if (!rawSecure.equalsIgnoreCase("auto")) {
      problems.add("auth.secure-cookies must be true, false or auto, was '" + rawSecure + "'");
    }
    Duration ttl = durationValue(values, "auth.session-ttl", Auth.DEFAULT_SESSION_TTL, problems);
    Duration retention = null;
    String rawRetention = values.get("audit.retention");
    if (rawRetention != null && !rawRetention.equalsIgnoreCase("forever")) {
      retention = durationValue(values, "audit.retention", null, problems);
    }
    String password = values.get("admin-password");
    if (password != null && password.length() < AUTH_MIN_PASSWORD) {
      problems.add(
          "admin-password (SLUICE_ADMIN_PASSWORD) must have at least "
              + AUTH_MIN_PASSWORD
              + " characters");
    }
    try {
      return new Auth(password, secure, ttl, retention);
    } catch (IllegalArgumentException e) {
      problems.add(
          "auth: "
              + e.getMessage()
              + " (auth.session-ttl at least 1m, audit.retention at least 1h or forever)");
      return new Auth(password, secure, Auth.DEFAULT_SESSION_TTL, null);
    }
  }

  /** The shortest password Sluice accepts, here and for users. */
  public static final int AUTH_MIN_PASSWORD = 8;

  private static Scheduler schedulerValue(Map<String, String> values, List<String> problems) {
    Duration ttl =
        durationValue(values, "scheduler.lease-ttl", Scheduler.DEFAULTS.leaseTtl(), problems);
    Duration tick =
        durationValue(
            values, "scheduler.tick-interval", Scheduler.DEFAULTS.tickInterval(), problems);
    try {
      return new Scheduler(values.get("backend-id"), ttl, tick);
    } catch (IllegalArgumentException e) {
      problems.add(
          "scheduler: "
              + e.getMessage()
              + " (backend-id, scheduler.lease-ttl at least 500ms, scheduler.tick-interval"
              + " shorter than scheduler.lease-ttl)");
      return Scheduler.DEFAULTS;
    }
  }

  private static Metrics metricsValue(Map<String, String> values, List<String> problems) {
    Duration sample =
        durationValue(
            values, "metrics.sample-interval", Metrics.DEFAULTS.sampleInterval(), problems);
    Duration raw =
        durationValue(values, "metrics.raw-retention", Metrics.DEFAULTS.rawRetention(), problems);
    Duration minutes =
        durationValue(
            values, "metrics.minute-retention", Metrics.DEFAULTS.minuteRetention(), problems);
    try {
      return new Metrics(sample, raw, minutes);
    } catch (IllegalArgumentException e) {
      problems.add(
          "metrics: "
              + e.getMessage()
              + " (metrics.sample-interval at least 100ms, metrics.raw-retention at least 1m,"
              + " metrics.minute-retention at least metrics.raw-retention)");
      return Metrics.DEFAULTS;
    }
  }

  private static Duration durationValue(
      Map<String, String> values, String key, Duration fallback, List<String> out) {
    String raw = values.get(key);
    if (raw == null) {
      return fallback;
    }
    Optional<Duration> parsed = Durations.parse(raw);
    if (parsed.isEmpty() || parsed.get().isNegative() || parsed.get().isZero()) {
      out.add(key + " must be " + Durations.EXPECTED + ", was '" + raw + "'");
      return fallback;
    }
    return parsed.get();
  }

  private static String configFileFrom(
      Map<String, String> env, List<String> args, List<String> problems) {
    String file = env.get("SLUICE_CONFIG");
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("--config")) {
        if (i + 1 >= args.size()) {
          problems.add("--config needs a file path");
        } else {
          file = args.get(++i);
        }
      } else if (arg.startsWith("--config=")) {
        file = arg.substring("--config=".length());
      } else {
        problems.add("unknown argument '" + arg + "' (the only option is --config <file>)");
      }
    }
    return file;
  }

  private static Map<String, String> readFile(Path file, List<String> problems) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file)) {
      properties.load(reader);
    } catch (IOException e) {
      problems.add("cannot read config file " + file.toAbsolutePath() + ": " + e.getMessage());
      return Map.of();
    }
    Collection<String> known = ENV_TO_KEY.values();
    Map<String, String> values = new LinkedHashMap<>();
    for (String key : properties.stringPropertyNames()) {
      if (!known.contains(key)) {
        problems.add(
            "unknown key '"
                + key
                + "' in "
                + file
                + " (known keys: "
                + String.join(", ", known)
                + ")");
      } else {
        values.put(key, properties.getProperty(key).trim());
      }
    }
    return values;
  }

  private static boolean booleanValue(
      Map<String, String> values, String key, boolean fallback, List<String> out) {
    String raw = values.get(key);
    if (raw == null) {
      return fallback;
    }
    if (raw.equalsIgnoreCase("true")) {
      return true;
    }
    if (raw.equalsIgnoreCase("false")) {
      return false;
    }
    out.add(key + " must be true or false, was '" + raw + "'");
    return fallback;
  }

  private static int intValue(
      Map<String, String> values, String key, int fallback, int min, int max, List<String> out) {
    long value = longValue(values, key, fallback, min, out);
    if (value > max) {
      out.add(key + " must be at most " + max + ", was " + value);
      return fallback;
    }
    return (int) value;
  }

  private static long longValue(
      Map<String, String> values, String key, long fallback, long min, List<String> out) {
    String raw = values.get(key);
    if (raw == null) {
      return fallback;
    }
    try {
      long value = Long.parseLong(raw);
      if (value < min) {
        out.add(key + " must be at least " + min + ", was " + value);
        return fallback;
      }
      return value;
    } catch (NumberFormatException e) {
      out.add(key + " must be a whole number, was '" + raw + "'");
      return fallback;
    }
  }

  private static Map<String, String> envToKey() {
    Map<String, String> map = new LinkedHashMap<>();
    map.put("SLUICE_DATA_DIR", "data-dir");
    map.put("SLUICE_HOST", "host");
    map.put("SLUICE_PORT", "port");
    map.put("SLUICE_DB_URL", "db.url");
    map.put("SLUICE_DB_USER", "db.user");
    map.put("SLUICE_DB_PASSWORD", "db.password");
    map.put("SLUICE_MAX_REQUEST_BYTES", "max-request-bytes");
    map.put("SLUICE_S3_ENDPOINT", "s3.endpoint");
    map.put("SLUICE_S3_REGION", "s3.region");
    map.put("SLUICE_S3_BUCKET", "s3.bucket");
    map.put("SLUICE_S3_ACCESS_KEY", "s3.access-key");
    map.put("SLUICE_S3_SECRET_KEY", "s3.secret-key");
    map.put("SLUICE_S3_PATH_STYLE", "s3.path-style");
    map.put("SLUICE_TASK_SLOTS", "task-slots");
    map.put("SLUICE_DEMO", "demo");
    map.put("SLUICE_METRICS_SAMPLE_INTERVAL", "metrics.sample-interval");
    map.put("SLUICE_METRICS_RAW_RETENTION", "metrics.raw-retention");
    map.put("SLUICE_METRICS_MINUTE_RETENTION", "metrics.minute-retention");
    map.put("SLUICE_BACKEND_ID", "backend-id");
    map.put("SLUICE_SCHEDULER_LEASE_TTL", "scheduler.lease-ttl");
    map.put("SLUICE_SCHEDULER_TICK_INTERVAL", "scheduler.tick-interval");
    map.put("SLUICE_MASTER_KEY", "master-key");
    map.put("SLUICE_MASTER_KEY_FILE", "master-key-file");
    map.put("SLUICE_ALLOWED_ROOTS", "allowed-roots");
    map.put("SLUICE_ADMIN_PASSWORD", "admin-password");
    map.put("SLUICE_SECURE_COOKIES", "auth.secure-cookies");
    map.put("SLUICE_SESSION_TTL", "auth.session-ttl");
    map.put("SLUICE_AUDIT_RETENTION", "audit.retention");
    map.put("SLUICE_FLINK_REST", "flink.rest");
    map.put("SLUICE_FLINK_JARS", "flink.jars");
    return Collections.unmodifiableMap(map);
  }

  @Override
  public String toString() {
    // Never print the database password.
    return ("SluiceConfig[dataDir=%s, host=%s, port=%d, dbUrl=%s, dbUser=%s, maxRequestBytes=%d,"
            + " demo=%s, flink=%s]")
        .formatted(
            dataDir,
            host,
            port,
            dbUrl == null ? "(embedded)" : dbUrl,
            dbUser,
            maxRequestBytes,
            demo,
            flinkCluster == null ? "embedded" : flinkCluster.restAddress());
  }
}
