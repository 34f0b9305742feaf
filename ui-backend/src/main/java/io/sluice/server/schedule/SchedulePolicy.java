package io.sluice.server.schedule;

import com.cronutils.descriptor.CronDescriptor;
import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.model.document.Durations;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What a schedule wants of its pipeline. Each kind checks itself when built, so a policy that
 * exists is one the reconciler can follow.
 *
 * <pre>{@code
 * SchedulePolicy nightly = new SchedulePolicy.CronWindow("0 2 * * *", ZoneId.of("Europe/Berlin"),
 *     Duration.ofHours(1));
 * nightly.nextFireTimes(Instant.now(), 3);
 * }</pre>
 */
public sealed interface SchedulePolicy {

  /** {@code continuous}, {@code cron} or {@code backfill}: the {@code kind} on the wire. */
  String kind();

  /** The settings as stored in the catalog and shown by the API, without {@code kind}. */
  ObjectNode spec();

  /** A sentence for a person: "always running", "at 02:00, for 1h (Europe/Berlin)". */
  String description();

  /** The next {@code count} instants after {@code after} at which a run starts; empty if none. */
  default List<Instant> nextFireTimes(Instant after, int count) {
    return List.of();
  }

  /**
   * Always running; a failed run is restarted from its last checkpoint after an exponential
   * back-off, until {@code maxFailures} runs failed within {@code failureWindow}.
   */
  record Continuous(
      int maxFailures, Duration failureWindow, Duration initialBackoff, Duration maxBackoff)
      implements SchedulePolicy {
    public static final String KIND = "continuous";
    public static final int DEFAULT_MAX_FAILURES = 5;
    public static final Duration DEFAULT_FAILURE_WINDOW = Duration.ofMinutes(10);
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofSeconds(1);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofMinutes(5);

    public Continuous {
      if (maxFailures < 1) {
        throw new IllegalArgumentException("maxFailures must be at least 1");
      }
      positive(failureWindow, "failureWindow");
      positive(initialBackoff, "initialBackoff");
      positive(maxBackoff, "maxBackoff");
      if (maxBackoff.compareTo(initialBackoff) < 0) {
        throw new IllegalArgumentException("maxBackoff must not be shorter than initialBackoff");
      }
    }

    public static Continuous defaults() {
      return new Continuous(
          DEFAULT_MAX_FAILURES,
          DEFAULT_FAILURE_WINDOW,
          DEFAULT_INITIAL_BACKOFF,
          DEFAULT_MAX_BACKOFF);
    }

    /**
     * How long to wait before the next start after {@code failures} failed runs in a row: {@code
     * initialBackoff} doubled for each failure after the first, at most {@code maxBackoff}.
     */
    public Duration backoff(int failures) {
      if (failures <= 0) {
        return Duration.ZERO;
      }
      Duration delay = initialBackoff;
      for (int i = 1; i < failures && delay.compareTo(maxBackoff) < 0; i++) {
        delay = delay.multipliedBy(2);
      }
      return delay.compareTo(maxBackoff) > 0 ? maxBackoff : delay;
    }

    @Override
    public String kind() {
      return KIND;
    }

    @Override
    public ObjectNode spec() {
      return JsonNodeFactory.instance
          .objectNode()
          .put("maxFailures", maxFailures)
          .put("failureWindow", Durations.format(failureWindow))
          .put("initialBackoff", Durations.format(initialBackoff))
          .put("maxBackoff", Durations.format(maxBackoff));
    }

    @Override
    public String description() {
      return "always running; restarted after a failure, until "
          + maxFailures
          + (maxFailures == 1 ? " failure" : " failures")
          + " within "
          + Durations.format(failureWindow);
    }
  }

  /**
   * Starts at each fire time of a cron expression (five fields, as crontab: minute, hour, day of
   * month, month, day of week) in a time zone, and stops with a savepoint {@code runFor} later, or
   * earlier once its sources have read nothing for {@code stopWhenIdle} (null: never early).
   */
  record CronWindow(String expression, ZoneId zone, Duration runFor, Duration stopWhenIdle)
      implements SchedulePolicy {
    public static final String KIND = "cron";
    private static final CronParser PARSER =
        new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    public CronWindow {
      Objects.requireNonNull(expression, "expression");
      Objects.requireNonNull(zone, "zone");
      positive(runFor, "runFor");
      if (stopWhenIdle != null) {
        positive(stopWhenIdle, "stopWhenIdle");
      }
      parse(expression).orElseThrow(() -> new IllegalArgumentException("bad cron " + expression));
    }

    /** A window that always lasts {@code runFor}. */
    public CronWindow(String expression, ZoneId zone, Duration runFor) {
      this(expression, zone, runFor, null);
    }

    /** The parsed expression, or empty with the parser's reason in {@code problems}. */
    public static Optional<Cron> parse(String expression, List<String> problems) {
      try {
        Cron cron = PARSER.parse(expression);
        cron.validate();
        return Optional.of(cron);
      } catch (RuntimeException e) { // the parser throws IllegalArgumentException and others
        problems.add(String.valueOf(e.getMessage()));
        return Optional.empty();
      }
    }

    private static Optional<Cron> parse(String expression) {
      return parse(expression, new ArrayList<>());
    }

    private ExecutionTime executionTime() {
      return ExecutionTime.forCron(parse(expression).orElseThrow());
    }

    /** The newest fire time at or before {@code now}, if the expression ever fired. */
    public Optional<Instant> lastFireAtOrBefore(Instant now) {
      ZonedDateTime at = now.atZone(zone);
      ExecutionTime times = executionTime();
      if (times.isMatch(at.withNano(0)) && at.getSecond() == 0 && at.getNano() == 0) {
        return Optional.of(now);
      }
      return times.lastExecution(at).map(ZonedDateTime::toInstant);
    }

    @Override
    public List<Instant> nextFireTimes(Instant after, int count) {
      List<Instant> times = new ArrayList<>();
      ExecutionTime execution = executionTime();
      ZonedDateTime at = after.atZone(zone);
      for (int i = 0; i < count; i++) {
        Optional<ZonedDateTime> next = execution.nextExecution(at);
        if (next.isEmpty()) {
          break;
        }
        at = next.get();
        times.add(at.toInstant());
      }
      return times;
    }

    @Override
    public String kind() {
      return KIND;
    }

    @Override
    public ObjectNode spec() {
      ObjectNode spec =
          JsonNodeFactory.instance
              .objectNode()
              .put("cron", expression)
              .put("timeZone", zone.getId())
              .put("runFor", Durations.format(runFor));
      if (stopWhenIdle != null) {
        spec.put("stopWhenIdle", Durations.format(stopWhenIdle));
      }
      return spec;
    }

    /** When the expression fires, in words: "at 02:00". */
    public String describeWhen() {
      return CronDescriptor.instance(Locale.UK).describe(parse(expression).orElseThrow());
    }

    @Override
    public String description() {
      String when = describeWhen();
      String idle =
          stopWhenIdle == null
              ? ""
              : " or until its sources are idle for " + Durations.format(stopWhenIdle);
      return when + ", for " + Durations.format(runFor) + idle + " (" + zone.getId() + ")";
    }
  }

  /** Runs once over bounded sources to the end, then the schedule is done. */
  record Backfill() implements SchedulePolicy {
    public static final String KIND = "backfill";

    @Override
    public String kind() {
      return KIND;
    }

    @Override
    public ObjectNode spec() {
      return JsonNodeFactory.instance.objectNode();
    }

    @Override
    public String description() {
      return "once, over the data present now, to the end";
    }
  }

  /** Reads a policy the catalog stored (written by {@link #spec()}, so trusted). */
  static SchedulePolicy fromStored(String kind, JsonNode spec) {
    return switch (kind) {
      case Continuous.KIND ->
          new Continuous(
              spec.path("maxFailures").asInt(),
              duration(spec, "failureWindow"),
              duration(spec, "initialBackoff"),
              duration(spec, "maxBackoff"));
      case CronWindow.KIND ->
          new CronWindow(
              spec.path("cron").asText(),
              ZoneId.of(spec.path("timeZone").asText()),
              duration(spec, "runFor"),
              spec.has("stopWhenIdle") ? duration(spec, "stopWhenIdle") : null);
      case Backfill.KIND -> new Backfill();
      default -> throw new IllegalStateException("Unknown schedule kind '" + kind + "'");
    };
  }

  private static Duration duration(JsonNode spec, String field) {
    return Durations.parse(spec.path(field).asText())
        .orElseThrow(() -> new IllegalStateException("Stored " + field + ": " + spec));
  }

  private static void positive(Duration duration, String name) {
    Objects.requireNonNull(duration, name);
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(name + " must be positive");
    }
  }
}
