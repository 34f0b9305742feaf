package io.sluice.connectors.check;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;

/**
 * Checks that a Kafka cluster answers and that the topics a node names exist, with an admin client
 * that gives up after the timeout. Only metadata is read; nothing is consumed or produced.
 */
public final class KafkaConnectionCheck {
  private KafkaConnectionCheck() {}

  /**
   * For a source: the cluster answers and every topic exists, or, for a pattern, how many topics
   * match now (none is fine: matching topics are picked up when they appear).
   */
  public static ConnectionCheckResult source(
      String servers,
      List<String> topics,
      String pattern,
      Map<String, String> properties,
      Duration timeout) {
    return run(servers, properties, timeout, topics, pattern);
  }

  /**
   * For a sink: the cluster answers, the topic exists and, for exactly once ({@code
   * transactionTimeout} not null), the brokers allow transactions that long ({@code
   * transaction.max.timeout.ms}).
   */
  public static ConnectionCheckResult sink(
      String servers,
      String topic,
      Duration transactionTimeout,
      Map<String, String> properties,
      Duration timeout) {
    ConnectionCheckResult result = run(servers, properties, timeout, List.of(topic), null);
    if (!result.ok() || transactionTimeout == null) {
      return result;
    }
    return checkTransactionTimeout(servers, properties, timeout, transactionTimeout, result);
  }

  private static ConnectionCheckResult checkTransactionTimeout(
      String servers,
      Map<String, String> properties,
      Duration timeout,
      Duration transactionTimeout,
      ConnectionCheckResult topicResult) {
    Map<String, Object> details = new LinkedHashMap<>(topicResult.details());
    int millis = (int) Math.max(1_000, timeout.toMillis());
    try (Admin admin = Admin.create(adminConfig(servers, properties, millis))) {
      long max = Long.MAX_VALUE;
      for (var node : admin.describeCluster().nodes().get(millis, TimeUnit.MILLISECONDS)) {
        var resource =
            new org.apache.kafka.common.config.ConfigResource(
                org.apache.kafka.common.config.ConfigResource.Type.BROKER, node.idString());
        var entry =
            admin
                .describeConfigs(List.of(resource))
                .all()
                .get(millis, TimeUnit.MILLISECONDS)
                .get(resource)
                .get("transaction.max.timeout.ms");
        if (entry != null && entry.value() != null) {
          max = Math.min(max, Long.parseLong(entry.value()));
        }
      }
      if (max == Long.MAX_VALUE) {
        return topicResult;
      }
      details.put("transactionMaxTimeoutMs", max);
      if (transactionTimeout.toMillis() > max) {
        return ConnectionCheckResult.failed(
            topicResult.message()
                + " But the transaction timeout ("
                + transactionTimeout.toMillis()
                + " ms) is above the brokers' transaction.max.timeout.ms ("
                + max
                + " ms): lower it, or raise the broker setting.",
            details);
      }
      return ConnectionCheckResult.ok(topicResult.message(), details);
    } catch (TimeoutException | ExecutionException | KafkaException | NumberFormatException e) {
      // Reading broker configs may be denied (ACLs); the topic check stands.
      return topicResult;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ConnectionCheckResult.failed("The check was interrupted.", details);
    }
  }

  private static Properties adminConfig(
      String servers, Map<String, String> properties, int millis) {
    Properties config = new Properties();
    // The client settings that matter for reaching the cluster (security, SASL); the consumer's
    // or producer's own settings mean nothing to an admin client and are left out.
    properties.forEach(
        (key, value) -> {
          if (AdminClientConfig.configNames().contains(key)) {
            config.put(key, value);
          }
        });
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
    config.put(AdminClientConfig.RETRIES_CONFIG, 0);
    return config;
  }

  private static ConnectionCheckResult run(
      String servers,
      Map<String, String> properties,
      Duration timeout,
      List<String> topics,
      String pattern) {
    int millis = (int) Math.max(1_000, timeout.toMillis());
    Properties config = adminConfig(servers, properties, millis);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("bootstrapServers", servers);
    try (Admin admin = Admin.create(config)) {
      DescribeClusterResult cluster = admin.describeCluster();
      int brokers = cluster.nodes().get(millis, TimeUnit.MILLISECONDS).size();
      details.put("clusterId", cluster.clusterId().get(millis, TimeUnit.MILLISECONDS));
      details.put("brokers", brokers);
      Set<String> existing = admin.listTopics().names().get(millis, TimeUnit.MILLISECONDS);
      if (pattern != null) {
        Pattern regex = Pattern.compile(pattern);
        List<String> matching =
            new TreeSet<>(existing).stream().filter(t -> regex.matcher(t).matches()).toList();
        details.put("matchingTopics", matching);
        return ConnectionCheckResult.ok(
            matching.isEmpty()
                ? "Connected to "
                    + brokers
                    + " broker(s); no topic matches "
                    + pattern
                    + " yet (topics that appear later are read)."
                : "Connected to "
                    + brokers
                    + " broker(s); "
                    + matching.size()
                    + " topic(s) match "
                    + pattern
                    + ".",
            details);
      }
      List<String> missing = new ArrayList<>();
      for (String topic : topics) {
        if (!existing.contains(topic)) {
          missing.add(topic);
        }
      }
      if (!missing.isEmpty()) {
        details.put("missingTopics", missing);
        return ConnectionCheckResult.failed(
            "Connected to "
                + brokers
                + " broker(s), but "
                + (missing.size() == 1
                    ? "topic " + missing.get(0) + " does not exist."
                    : "topics " + String.join(", ", missing) + " do not exist."),
            details);
      }
      Map<String, TopicDescription> described =
          admin.describeTopics(topics).allTopicNames().get(millis, TimeUnit.MILLISECONDS);
      Map<String, Object> partitions = new LinkedHashMap<>();
      described.forEach((name, d) -> partitions.put(name, d.partitions().size()));
      details.put("partitions", partitions);
      return ConnectionCheckResult.ok(
          "Connected to "
              + brokers
              + " broker(s); "
              + (topics.size() == 1 ? "topic " + topics.get(0) + " exists" : "all topics exist")
              + ".",
          details);
    } catch (TimeoutException e) {
      return ConnectionCheckResult.failed(
          "No answer from Kafka at " + servers + " within " + millis / 1000 + " s.", details);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      return ConnectionCheckResult.failed(
          "Kafka at " + servers + " refused: " + describe(cause), details);
    } catch (KafkaException e) {
      return ConnectionCheckResult.failed(
          "Cannot set up a Kafka client for " + servers + ": " + describe(e), details);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ConnectionCheckResult.failed("The check was interrupted.", details);
    }
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    if (e instanceof org.apache.kafka.common.errors.TimeoutException) {
      return "no answer in time (is the address right and the broker up?)";
    }
    return message == null ? e.getClass().getSimpleName() : message;
  }
}
