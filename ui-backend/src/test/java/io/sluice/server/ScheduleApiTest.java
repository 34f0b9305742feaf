package io.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.catalog.testing.CatalogExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The schedule endpoints: what they accept, what they refuse and how. Nothing runs here. */
class ScheduleApiTest {
  @RegisterExtension static final CatalogExtension CATALOG = new CatalogExtension();
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2030-03-01T12:00:00Z"), ZoneOffset.UTC);

  private static SluiceRuntime server;
  private static ApiClient api;

  @BeforeAll
  static void startServer() {
    server =
        SluiceRuntime.start(
            TestDirs.withRoots(
                SluiceConfig.defaults(TestDirs.fresh("sched-api")).withPort(0), "/srv"),
            CATALOG.catalog(),
            false,
            SluiceRuntime.Scheduling.manual(CLOCK, Duration.ofSeconds(15), "api-test"));
    api = new ApiClient(server.port());
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  private static String pipeline(String name, String source) {
    String document =
        """
        {"formatVersion": 1, "nodes": [%s,
           {"id": "out", "type": "file-directory-sink", "config": {"path": "/tmp/sluice-never"}}],
         "edges": [{"from": {"node": "src"}, "to": {"node": "out"}}]}
        """
            .formatted(source);
    ApiClient.Response created =
        api.post("/api/pipelines", "{\"name\": \"" + name + "\", \"document\": " + document + "}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return "/api/pipelines/" + created.json().path("id").asText();
  }

  private static String generator(String name, boolean bounded) {
    return pipeline(
        name,
        """
        {"id": "src", "type": "generator", "config": {"seed": 1 %s}}
        """
            .formatted(bounded ? ", \"count\": 10" : ""));
  }

  private static List<String> codes(JsonNode problem) {
    List<String> codes = new ArrayList<>();
    problem
        .path("errors")
        .forEach(e -> codes.add(e.path("field").asText() + ":" + e.path("code").asText()));
    return codes;
  }

  @Test
  void createsReadsEditsPausesResumesAndDeletesASchedule() {
    String p = generator("round trip", false);

    ApiClient.Response created = api.post(p + "/schedule", "{\"kind\": \"continuous\"}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.location()).isEqualTo(p + "/schedule");
    JsonNode schedule = created.json();
    assertThat(schedule.path("kind").asText()).isEqualTo("continuous");
    assertThat(schedule.path("maxFailures").asInt()).isEqualTo(5);
    assertThat(schedule.path("failureWindow").asText()).isEqualTo("10m");
    assertThat(schedule.path("status").asText()).isEqualTo("active");
    assertThat(schedule.path("paused").asBoolean()).isFalse();
    assertThat(schedule.path("nextFireTimes").size()).isZero();

    ApiClient.Response again = api.post(p + "/schedule", "{\"kind\": \"backfill\"}");
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.json().path("type").asText()).isEqualTo("urn:sluice:problem:schedule-exists");

    ApiClient.Response edited =
        api.put(
            p + "/schedule",
            "{\"kind\": \"cron\", \"cron\": \"15 8 * * 1-5\", \"timeZone\": \"America/New_York\","
                + " \"runFor\": \"45m\"}");
    assertThat(edited.status()).as(edited.body()).isEqualTo(200);
    assertThat(edited.json().path("id").asText()).isEqualTo(schedule.path("id").asText());
    assertThat(edited.json().path("description").asText()).contains("8:15").contains("45m");
    // 2030-03-01 is a Friday; the next weekday mornings in New York (UTC-5 until 10 March).
    assertThat(edited.json().path("nextFireTimes").get(0).asText())
        .isEqualTo("2030-03-01T13:15:00Z");
    assertThat(edited.json().path("nextFireTimes").get(1).asText())
        .isEqualTo("2030-03-04T13:15:00Z");
    JsonNode next = api.get(p + "/schedule/next?count=7").json();
    assertThat(next.path("fireTimes").size()).isEqualTo(7);
    assertThat(next.path("fireTimes").get(6).path("local").asText())
        .as("after the switch to summer time")
        .isEqualTo("2030-03-11T08:15-04:00");

    assertThat(api.post(p + "/schedule/pause", "").json().path("paused").asBoolean()).isTrue();
    assertThat(api.get(p + "/schedule").json().path("paused").asBoolean()).isTrue();
    assertThat(api.post(p + "/schedule/resume", "").json().path("paused").asBoolean()).isFalse();
    assertThat(api.get(p + "/schedule/runs").json().size()).isZero();
    assertThat(api.get("/api/schedules").json().findValuesAsText("id"))
        .contains(schedule.path("id").asText());

    assertThat(api.delete(p + "/schedule").status()).isEqualTo(204);
    ApiClient.Response gone = api.get(p + "/schedule");
    assertThat(gone.status()).isEqualTo(404);
    assertThat(gone.contentType()).startsWith("application/problem+json");
    assertThat(api.delete(p + "/schedule").status()).isEqualTo(404);
  }

  @Test
  void refusesEveryMistakeInABodyAtOnceWithA400() {
    String p = generator("mistakes", false);
    ApiClient.Response bad =
        api.post(
            p + "/schedule",
            "{\"kind\": \"cron\", \"cron\": \"61 * * * *\", \"timeZone\": \"Mars/Olympus\","
                + " \"runFor\": \"soon\", \"maxFailures\": 3, \"colour\": \"red\"}");
    assertThat(bad.status()).as(bad.body()).isEqualTo(400);
    assertThat(bad.json().path("type").asText())
        .isEqualTo("urn:sluice:problem:invalid-request-body");
    assertThat(codes(bad.json()))
        .containsExactlyInAnyOrder(
            "colour:unknown-field",
            "maxFailures:unknown-field",
            "cron:invalid-cron",
            "timeZone:invalid-value",
            "runFor:invalid-value");

    assertThat(
            codes(
                api.post(p + "/schedule", "{\"kind\": \"cron\", \"cron\": \"0 * * * *\"}").json()))
        .containsExactly("runFor:missing-field");
    assertThat(codes(api.post(p + "/schedule", "{\"kind\": \"hourly\"}").json()))
        .containsExactly("kind:invalid-value");
    assertThat(codes(api.post(p + "/schedule", "{}").json())).containsExactly("kind:missing-field");
    assertThat(
            codes(
                api.post(
                        p + "/schedule",
                        "{\"kind\": \"continuous\", \"initialBackoff\": \"1m\","
                            + " \"maxBackoff\": \"10s\", \"maxFailures\": 0, \"paused\": \"no\"}")
                    .json()))
        .containsExactlyInAnyOrder(
            "maxBackoff:invalid-value", "maxFailures:wrong-type", "paused:wrong-type");
    assertThat(api.post(p + "/schedule", "{\"kind\": ").status()).isEqualTo(400);
    assertThat(api.post(p + "/schedule", "[]").status()).isEqualTo(400);
    assertThat(api.get(p + "/schedule").status()).as("nothing was created").isEqualTo(404);
  }

  @Test
  void aBackfillNeedsSourcesThatEnd() {
    String files =
        pipeline(
            "files backfill",
            """
            {"id": "src", "type": "file-directory",
             "config": {"path": "/srv/in", "fields": ["id: long"]}}
            """);
    ApiClient.Response refused = api.post(files + "/schedule", "{\"kind\": \"backfill\"}");
    assertThat(refused.status()).as(refused.body()).isEqualTo(422);
    assertThat(refused.json().path("type").asText())
        .isEqualTo("urn:sluice:problem:source-not-bounded");
    assertThat(refused.json().at("/errors/0/nodeId").asText()).isEqualTo("src");

    ApiClient.Response endless =
        api.post(generator("endless backfill", false) + "/schedule", "{\"kind\": \"backfill\"}");
    assertThat(endless.status()).isEqualTo(422);
    assertThat(endless.json().at("/errors/0/field").asText()).isEqualTo("config.count");

    ApiClient.Response bounded =
        api.post(generator("bounded backfill", true) + "/schedule", "{\"kind\": \"backfill\"}");
    assertThat(bounded.status()).as(bounded.body()).isEqualTo(201);
    assertThat(bounded.json().path("description").asText()).contains("once");
  }

  @Test
  void unknownPipelinesAndBadParametersAreProblemsNotErrors() {
    assertThat(api.get("/api/pipelines/not-a-uuid/schedule").status()).isEqualTo(404);
    assertThat(api.get("/api/pipelines/6f1c6f1c-0000-4000-8000-000000000000/schedule").status())
        .isEqualTo(404);
    assertThat(
            api.post(
                    "/api/pipelines/6f1c6f1c-0000-4000-8000-000000000000/schedule",
                    "{\"kind\": \"backfill\"}")
                .status())
        .isEqualTo(404);
    String p = generator("parameters", false);
    api.post(p + "/schedule", "{\"kind\": \"cron\", \"cron\": \"0 3 * * *\", \"runFor\": \"1h\"}");
    for (String count : List.of("0", "101", "abc", "")) {
      ApiClient.Response bad = api.get(p + "/schedule/next?count=" + count);
      assertThat(bad.status()).as(count).isEqualTo(400);
      assertThat(bad.json().path("type").asText())
          .isEqualTo("urn:sluice:problem:invalid-parameter");
    }
    assertThat(api.get(p + "/schedule/next").json().path("fireTimes").size()).isEqualTo(5);
  }

  @Test
  void previewsTheFireTimesOfACronBeingEditedAndNamesTheFieldThatIsWrong() {
    String p = generator("preview", false);
    ApiClient.Response preview =
        api.get(p + "/schedule/next?count=2&timeZone=Europe/Berlin&cron=0%202%20*%20*%20*");
    assertThat(preview.status()).as("no schedule needed: " + preview.body()).isEqualTo(200);
    assertThat(preview.json().path("description").asText()).contains("02:00").contains("Berlin");
    assertThat(preview.json().at("/fireTimes/0/at").asText()).isEqualTo("2030-03-02T01:00:00Z");
    assertThat(preview.json().at("/fireTimes/1/local").asText())
        .isEqualTo("2030-03-03T02:00+01:00");

    ApiClient.Response badCron = api.get(p + "/schedule/next?cron=61%20*%20*%20*%20*");
    assertThat(badCron.status()).isEqualTo(400);
    assertThat(badCron.json().path("type").asText())
        .isEqualTo("urn:sluice:problem:invalid-parameter");
    assertThat(codes(badCron.json())).containsExactly("cron:invalid-cron");
    assertThat(badCron.json().at("/errors/0/message").asText()).contains("five fields");

    ApiClient.Response badZone =
        api.get(p + "/schedule/next?cron=0%202%20*%20*%20*&timeZone=Mars/Olympus");
    assertThat(badZone.status()).isEqualTo(400);
    assertThat(codes(badZone.json())).containsExactly("timeZone:invalid-value");
    assertThat(
            api.get(
                    "/api/pipelines/6f1c6f1c-0000-4000-8000-000000000000/schedule/next?cron=0%202%20*%20*%20*")
                .status())
        .isEqualTo(404);
  }

  @Test
  void aCronWindowMayStopWhenItsSourcesAreIdle() {
    String p = generator("idle", false);
    assertThat(
            codes(
                api.post(
                        p + "/schedule",
                        "{\"kind\": \"cron\", \"cron\": \"0 3 * * *\", \"runFor\": \"1h\","
                            + " \"stopWhenIdle\": \"never\"}")
                    .json()))
        .containsExactly("stopWhenIdle:invalid-value");
    assertThat(
            codes(
                api.post(p + "/schedule", "{\"kind\": \"continuous\", \"stopWhenIdle\": \"5m\"}")
                    .json()))
        .containsExactly("stopWhenIdle:unknown-field");
    ApiClient.Response created =
        api.post(
            p + "/schedule",
            "{\"kind\": \"cron\", \"cron\": \"0 3 * * *\", \"runFor\": \"1h\","
                + " \"stopWhenIdle\": \"5m\"}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.json().path("stopWhenIdle").asText()).isEqualTo("5m");
    assertThat(created.json().path("description").asText())
        .isEqualTo("at 03:00, for 1h or until its sources are idle for 5m (UTC)");
    assertThat(api.get(p + "/schedule").json().path("stopWhenIdle").asText()).isEqualTo("5m");
    assertThat(api.get(p + "/schedule/runs").json().size()).isZero();
  }
}
