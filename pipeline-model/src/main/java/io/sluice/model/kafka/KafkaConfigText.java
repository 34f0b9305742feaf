package io.sluice.model.kafka;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reading the text values of the Kafka nodes' config: the start timestamp, the {@code key=value}
 * client properties and the bootstrap servers. Shared by the validator, which reports what is wrong
 * with them, and the plan translator, which reads them once they are valid.
 *
 * <pre>{@code
 * KafkaConfigText.startTimestamp("2026-11-24T05:00:00Z") // Optional[1795496400000]
 * KafkaConfigText.properties(List.of("linger.ms=5"), Set.of()).values() // {linger.ms=5}
 * }</pre>
 */
public final class KafkaConfigText {

  private static final Pattern HOST_PORT =
      Pattern.compile("[^\\s:,]+:\\d{1,5}|\\[[0-9a-fA-F:]+\\]:\\d{1,5}");
  private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,249}");

  private KafkaConfigText() {}

  /**
   * Milliseconds since 1970 of an ISO-8601 instant ({@code 2026-11-24T05:00:00Z}, with an offset),
   * a local date-time taken as UTC ({@code 2026-11-24T05:00:00}), or a whole number of
   * milliseconds; empty if the text is none of these.
   */
  public static Optional<Long> startTimestamp(String text) {
    String value = text.strip();
    if (value.matches("\\d{1,15}")) {
      return Optional.of(Long.parseLong(value));
    }
    try {
      return Optional.of(Instant.parse(value).toEpochMilli());
    } catch (DateTimeParseException e) {
      // not an instant with a zone; try a local date-time
    }
    try {
      return Optional.of(
          LocalDateTime.parse(value.replace(' ', 'T')).toInstant(ZoneOffset.UTC).toEpochMilli());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** Whether {@code servers} is a comma-separated list of {@code host:port}. */
  public static boolean validServers(String servers) {
    String[] parts = servers.split(",", -1);
    for (String part : parts) {
      if (!HOST_PORT.matcher(part.strip()).matches()) {
        return false;
      }
    }
    return parts.length > 0;
  }

  /** The servers as Kafka wants them: comma-separated, without spaces. */
  public static String servers(String servers) {
    return String.join(
        ",", java.util.Arrays.stream(servers.split(",")).map(String::strip).toList());
  }

  /** Whether {@code topic} is a legal Kafka topic name. */
  public static boolean validTopic(String topic) {
    return TOPIC.matcher(topic).matches() && !topic.equals(".") && !topic.equals("..");
  }

  /** {@code key=value} entries read into properties, or what is wrong with each entry. */
  public record Properties(Map<String, String> values, List<String> problems) {
    public Properties {
      values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
      problems = List.copyOf(problems);
    }
  }

  /**
   * Reads {@code key=value} entries; an entry without {@code =}, with an empty key, a repeated key
   * or a key in {@code reserved} is a problem ("Entry 2 …").
   */
  public static Properties properties(List<String> entries, Set<String> reserved) {
    Map<String, String> values = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      String entry = entries.get(i);
      int eq = entry.indexOf('=');
      String key = eq < 0 ? "" : entry.substring(0, eq).strip();
      if (key.isEmpty()) {
        problems.add(
            "Entry "
                + (i + 1)
                + " (\""
                + entry
                + "\") must read key=value, for example security.protocol=SSL.");
      } else if (reserved.contains(key)) {
        problems.add(
            "Entry " + (i + 1) + " sets " + key + ", which Sluice sets itself; remove it.");
      } else if (values.putIfAbsent(key, entry.substring(eq + 1).strip()) != null) {
        problems.add("Entry " + (i + 1) + " sets " + key + " again; each key once.");
      }
    }
    return new Properties(values, problems);
  }
}
