package io.sluice.server;

import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts Sluice: the catalog (embedded PostgreSQL unless a URL is configured), then the server. */
public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) throws InterruptedException {
    SluiceConfig config;
    try {
      config = SluiceConfig.load(System.getenv(), Arrays.asList(args));
    } catch (ConfigException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    LOG.info("Starting Sluice with {}", config);
    SluiceRuntime sluice;
    try {
      sluice = SluiceRuntime.start(config);
    } catch (RuntimeException | Error e) {
      LOG.error("Sluice could not start", e);
      System.err.println("Sluice could not start: " + e.getMessage());
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  LOG.info("Stopping Sluice");
                  sluice.close();
                  stopped.countDown();
                },
                "sluice-shutdown"));
    String shownHost = config.host().equals("0.0.0.0") ? "localhost" : config.host();
    System.out.println(
        "Sluice is running at http://"
            + shownHost
            + ":"
            + sluice.port()
            + "/ (catalog: "
            + sluice.database().displayUrl()
            + ", data: "
            + config.dataDir()
            + ")");
    stopped.await();
  }
}
