package io.sluice.model.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.model.document.Node;
import io.sluice.model.json.PipelineJson;
import io.sluice.model.json.ReadResult;
import io.sluice.model.logtail.LogTailSchema;
import io.sluice.model.nodetype.BuiltInNodeTypes;
import io.sluice.model.nodetype.ConfigValues;
import io.sluice.model.problem.Problem;
import io.sluice.model.schema.RecordSchema;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogTailRulesTest {
  private final PipelineValidator validator = new PipelineValidator(BuiltInNodeTypes.registry());

  @Test
  void acceptsAGrokSourceWithEventTimeAndAFileField() {
    String node =
        """
        {"id": "web", "type": "log-tail",
         "config": {"path": "/var/log/nginx", "filePattern": "access.log*", "format": "grok",
                    "linePattern": "%{COMBINEDAPACHELOG}", "fields": ["bytes: long"],
                    "timestampField": "timestamp", "fileField": "file",
                    "continuationPattern": "^\\\\s"}}""";
    assertThat(problems(node)).isEmpty();
    RecordSchema schema = LogTailRules.schema(config(node)).schema();
    assertThat(schema.fields().get(0).name()).isEqualTo("clientip");
    assertThat(schema.field("timestamp").orElseThrow().type().wireName()).isEqualTo("timestamp");
    assertThat(schema.field("response").orElseThrow().type().wireName()).isEqualTo("long");
    assertThat(schema.names()).last().isEqualTo("file");
  }

  @Test
  void theTextFormatHasOneMessageField() {
    String node = "{\"id\": \"l\", \"type\": \"log-tail\", \"config\": {\"path\": \"/var/log\"}}";
    assertThat(problems(node)).isEmpty();
    assertThat(LogTailRules.schema(config(node)).schema().names())
        .containsExactly(LogTailSchema.MESSAGE);
  }

  @Test
  void namesEachMistakeByField() {
    List<Problem> problems =
        problems(
            """
            {"id": "l", "type": "log-tail",
             "config": {"path": "logs", "filePattern": "[a", "format": "grok",
                        "linePattern": "%{NOSUCH:x}", "continuationPattern": "(",
                        "timestampFormat": "yyyy-MM-dd'T", "charset": "EBCDIC-9"}}""");
    assertThat(problems)
        .extracting(Problem::field)
        .containsExactlyInAnyOrder(
            "config.path",
            "config.filePattern",
            "config.linePattern",
            "config.continuationPattern",
            "config.timestampFormat",
            "config.charset");
    assertThat(problems)
        .filteredOn(p -> p.field().equals("config.linePattern"))
        .extracting(Problem::message)
        .first()
        .asString()
        .startsWith("Unknown grok pattern %{NOSUCH}");
  }

  @Test
  void jsonNeedsFieldsAndTheTimestampFieldMustBeOneOfThem() {
    assertThat(
            problems(
                """
                {"id": "l", "type": "log-tail",
                 "config": {"path": "/l", "format": "json"}}"""))
        .extracting(Problem::field)
        .containsExactly("config.fields");
    assertThat(
            problems(
                """
                {"id": "l", "type": "log-tail",
                 "config": {"path": "/l", "format": "json", "fields": ["level: string"],
                            "timestampField": "ts"}}"""))
        .extracting(Problem::message)
        .containsExactly("Field 'ts' is not one of the fields [level].");
  }

  @Test
  void regexFieldsMustBeCaptured() {
    assertThat(
            problems(
                """
                {"id": "l", "type": "log-tail",
                 "config": {"path": "/l", "format": "regex", "linePattern": "(?<level>\\\\w+) .*",
                            "fields": ["status: long"]}}"""))
        .extracting(Problem::field)
        .containsExactly("config.fields");
  }

  private ConfigValues config(String nodeJson) {
    Node node = node(nodeJson);
    return ConfigValues.of(
        BuiltInNodeTypes.registry().find(node.type(), node.typeVersion()).orElseThrow(), node);
  }

  private static Node node(String nodeJson) {
    String document = "{\"formatVersion\": 1, \"nodes\": [" + nodeJson + "], \"edges\": []}";
    ReadResult read = PipelineJson.read(document);
    assertThat(read.problems()).isEmpty();
    return read.document().nodes().get(0);
  }

  private List<Problem> problems(String nodeJson) {
    return validator.validateNode(node(nodeJson));
  }
}
