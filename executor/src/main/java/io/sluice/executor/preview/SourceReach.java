package io.sluice.executor.preview;

import io.sluice.connectors.check.ConnectionCheckResult;
import io.sluice.connectors.check.KafkaConnectionCheck;
import io.sluice.connectors.check.S3ConnectionCheck;
import io.sluice.executor.plan.Step;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Asks a preview's Kafka and S3 sources' services whether they answer, before the job is built. The
 * connectors themselves retry an address that does not answer until they are stopped (Kafka's
 * enumerator asks for metadata again and again), so without this a preview of a source that cannot
 * be reached would only end at its timeout, with nothing to say but that. Here it ends within
 * seconds with a problem on the node that says what did not answer.
 *
 * <pre>{@code
 * SourceReach.check(kafkaStep, Duration.ofSeconds(5)); // throws PreviewException
 * }</pre>
 */
final class SourceReach {
  /** The longest a reachability check may take, whatever the preview's own timeout. */
  static final Duration MAX = Duration.ofSeconds(5);

  private SourceReach() {}

  /**
   * Checks a Kafka source: one of its bootstrap servers accepts a connection, and the brokers list
   * its topics.
   *
   * @throws PreviewException naming the node and what could not be reached
   */
  static void kafka(Step.KafkaSource source, Duration timeout) {
    var settings = source.settings();
    String node = source.id().value();
    List<String> refused = new ArrayList<>();
    boolean answered = false;
    for (String server : settings.bootstrapServers().split(",")) {
      String address = server.strip();
      if (address.isEmpty()) {
        continue;
      }
      String why = connect(address, timeout);
      if (why == null) {
        answered = true;
        break;
      }
      refused.add(address + " (" + why + ")");
    }
    if (!answered) {
      // A refused port answers at once; Kafka's client would retry it until the timeout.
      throw new PreviewException(
          node,
          "config.bootstrapServers",
          "Node '"
              + node
              + "': no Kafka broker can be reached at "
              + String.join(", ", refused)
              + ".");
    }
    ConnectionCheckResult result =
        KafkaConnectionCheck.source(
            settings.bootstrapServers(),
            settings.topics(),
            settings.pattern().orElse(null),
            settings.properties(),
            timeout);
    if (!result.ok()) {
      throw new PreviewException(
          node,
          result.details().containsKey("missingTopics")
              ? "config.topics"
              : "config.bootstrapServers",
          "Node '" + node + "': " + result.message());
    }
  }

  /**
   * Checks an S3 source: the endpoint answers, the bucket exists and the prefix can be listed.
   *
   * @throws PreviewException naming the node and what could not be reached
   */
  static void s3(Step.S3Source source, Duration timeout) {
    String node = source.id().value();
    ConnectionCheckResult result =
        S3ConnectionCheck.source(source.connection(), source.prefix(), timeout);
    if (!result.ok()) {
      throw new PreviewException(
          node,
          result.details().containsKey("status") ? "config.bucket" : "config.endpoint",
          "Node '" + node + "': " + result.message());
    }
  }

  /** Null when {@code host:port} accepts a TCP connection, else why not. */
  private static String connect(String address, Duration timeout) {
    int colon = address.lastIndexOf(':');
    if (colon <= 0 || colon == address.length() - 1) {
      return "not host:port";
    }
    String host = address.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(address.substring(colon + 1));
    } catch (NumberFormatException e) {
      return "not host:port";
    }
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), (int) Math.max(1, timeout.toMillis()));
      return null;
    } catch (UnknownHostException e) {
      return "unknown host";
    } catch (IOException | IllegalArgumentException e) {
      return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
  }
}
