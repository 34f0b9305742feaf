package io.sluice.model.nodetype;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.sluice.model.id.PortName;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeTypesTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Test
  void serializesADescriptorToCleanJsonWithWireNamesAndWithoutNulls() throws Exception {
    var descriptor =
        new NodeTypeDescriptor(
            "filter",
            1,
            NodeRole.TRANSFORM,
            "Filter",
            "Keeps matching records.",
            List.of(PortSpec.input()),
            List.of(PortSpec.output()),
            List.of(
                ConfigField.builder("condition", FieldKind.EXPRESSION)
                    .label("Keep records where")
                    .required()
                    .build(),
                ConfigField.builder("columns", FieldKind.STRING_LIST).label("Columns").build(),
                ConfigField.builder("batch", FieldKind.INTEGER)
                    .defaultValue(100)
                    .min(1)
                    .max(1000)
                    .group("Tuning")
                    .help("Records per batch.")
                    .build(),
                ConfigField.builder("mode", FieldKind.ENUM)
                    .allowedValues("a", "b")
                    .defaultValue("a")
                    .build()));

    JsonNode json = MAPPER.readTree(MAPPER.writeValueAsString(descriptor));

    assertThat(json)
        .isEqualTo(
            MAPPER.readTree(
                """
                {"type":"filter","version":1,"role":"transform","title":"Filter",
                 "description":"Keeps matching records.",
                 "inputs":[{"name":"in","label":"In"}],
                 "outputs":[{"name":"out","label":"Out"}],
                 "fields":[
                   {"name":"condition","label":"Keep records where","kind":"expression",
                    "required":true,"secret":false},
                   {"name":"columns","label":"Columns","kind":"string-list",
                    "required":false,"secret":false},
                   {"name":"batch","label":"batch","kind":"integer","required":false,
                    "defaultValue":100,"secret":false,"help":"Records per batch.",
                    "group":"Tuning","min":1,"max":1000},
                   {"name":"mode","label":"mode","kind":"enum","required":false,
                    "defaultValue":"a","allowedValues":["a","b"],"secret":false}],
                 "connectionCheck":false}
                """));
  }

  @Test
  void everyBuiltInDescriptorSerializes() throws Exception {
    String json = MAPPER.writeValueAsString(BuiltInNodeTypes.registry().all());

    assertThat(MAPPER.readTree(json).size()).isEqualTo(BuiltInNodeTypes.registry().all().size());
    assertThat(json).contains("\"kind\":\"string-list\"").contains("\"role\":\"sink\"");
  }

  @Test
  void registersTheBuiltInTypesWithTheirRolesAndPorts() {
    NodeTypeRegistry registry = BuiltInNodeTypes.registry();

    assertThat(registry.all())
        .extracting(NodeTypeDescriptor::type, NodeTypeDescriptor::role)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("file-directory", NodeRole.SOURCE),
            org.assertj.core.groups.Tuple.tuple("generator", NodeRole.SOURCE),
            org.assertj.core.groups.Tuple.tuple("filter", NodeRole.TRANSFORM),
            org.assertj.core.groups.Tuple.tuple("derive", NodeRole.TRANSFORM),
            org.assertj.core.groups.Tuple.tuple("postgres", NodeRole.SINK),
            org.assertj.core.groups.Tuple.tuple("file-directory-sink", NodeRole.SINK),
            org.assertj.core.groups.Tuple.tuple("kafka", NodeRole.SOURCE),
            org.assertj.core.groups.Tuple.tuple("kafka-sink", NodeRole.SINK),
            org.assertj.core.groups.Tuple.tuple("s3", NodeRole.SOURCE),
            org.assertj.core.groups.Tuple.tuple("s3-sink", NodeRole.SINK),
            org.assertj.core.groups.Tuple.tuple("postgres-incremental", NodeRole.SOURCE),
            org.assertj.core.groups.Tuple.tuple("postgres-cdc", NodeRole.SOURCE),
            org.assertj.core.groups.Tuple.tuple("log-tail", NodeRole.SOURCE),
            org.assertj.core.groups.Tuple.tuple("window-aggregate", NodeRole.TRANSFORM),
            org.assertj.core.groups.Tuple.tuple("deduplicate", NodeRole.TRANSFORM),
            org.assertj.core.groups.Tuple.tuple("union", NodeRole.TRANSFORM),
            org.assertj.core.groups.Tuple.tuple("route", NodeRole.TRANSFORM),
            org.assertj.core.groups.Tuple.tuple("sql", NodeRole.TRANSFORM),
            org.assertj.core.groups.Tuple.tuple("lookup-join", NodeRole.TRANSFORM),
            org.assertj.core.groups.Tuple.tuple("interval-join", NodeRole.TRANSFORM),
            org.assertj.core.groups.Tuple.tuple("pattern", NodeRole.TRANSFORM));
    var source = registry.find("file-directory", 1).orElseThrow();
    assertThat(source.declaresOutput(PortName.OUT)).isTrue();
    assertThat(source.inputs()).isEmpty();
    var sink = registry.find("postgres", 1).orElseThrow();
    assertThat(sink.declaresInput(PortName.IN)).isTrue();
    assertThat(sink.outputs()).isEmpty();
  }

  @Test
  void theS3NodesShareTheFileNodesFormatFieldsAndKeepTheSecretKeySecret() {
    var registry = BuiltInNodeTypes.registry();
    var s3 = registry.find("s3", 1).orElseThrow();
    var files = registry.find("file-directory", 1).orElseThrow();
    assertThat(s3.fields())
        .extracting(ConfigField::name)
        .contains("endpoint", "region", "bucket", "accessKey", "secretKey", "pathStyle", "prefix")
        .contains("fields", "format", "csvHeader", "csvEscape", "charset", "onError")
        .doesNotContain("path", "recursive");
    assertThat(s3.fields().stream().filter(f -> f.name().equals("csvHeader")).findFirst())
        .isEqualTo(files.fields().stream().filter(f -> f.name().equals("csvHeader")).findFirst());
    assertThat(s3.fields().stream().filter(f -> f.name().equals("secretKey")).findFirst())
        .hasValueSatisfying(f -> assertThat(f.secret()).isTrue());
    assertThat(s3.connectionCheck()).isTrue();
    var sink = registry.find("s3-sink", 1).orElseThrow();
    assertThat(sink.fields())
        .extracting(ConfigField::name)
        .contains("bucket", "secretKey", "prefix", "format", "csvDelimiter", "filePrefix");
    assertThat(sink.declaresInput(PortName.IN)).isTrue();
  }

  @Test
  void describesTheFileDirectorySourceFields() {
    var fields = BuiltInNodeTypes.registry().find("file-directory", 1).orElseThrow().fields();

    assertThat(fields)
        .extracting(ConfigField::name)
        .containsExactly(
            "path",
            "recursive",
            "fields",
            "pattern",
            "format",
            "csvDelimiter",
            "csvHeader",
            "csvQuote",
            "csvEscape",
            "csvNullString",
            "charset",
            "onError",
            "discoveryInterval");
    assertThat(fields.get(0).required()).isTrue();
    assertThat(fields.get(0).group()).isEqualTo("Source");
    assertThat(fields.get(2).required()).isTrue();
    assertThat(fields.get(3).defaultValue()).isEqualTo(TextNode.valueOf("*"));
    assertThat(fields.get(4).allowedValues()).containsExactly("csv", "json-lines");
    assertThat(fields.get(5).group()).isEqualTo("CSV");
    assertThat(fields.get(6).defaultValue().booleanValue()).isTrue();
    assertThat(fields.get(11).allowedValues()).containsExactly("dead-letter", "skip", "fail");
    assertThat(fields.get(12).kind()).isEqualTo(FieldKind.DURATION);
    assertThat(fields.get(12).defaultValue()).isEqualTo(TextNode.valueOf("10s"));
  }

  @Test
  void filterAndDeriveOfferTheSourcesErrorPolicy() {
    var source =
        BuiltInNodeTypes.registry().find("file-directory", 1).orElseThrow().field("onError");
    for (String type : new String[] {"filter", "derive"}) {
      var onError =
          BuiltInNodeTypes.registry().find(type, 1).orElseThrow().field("onError").orElseThrow();
      assertThat(onError.kind()).isEqualTo(FieldKind.ENUM);
      assertThat(onError.allowedValues())
          .isEqualTo(source.orElseThrow().allowedValues())
          .containsExactly("dead-letter", "skip", "fail");
      assertThat(onError.defaultValue()).isEqualTo(TextNode.valueOf("dead-letter"));
      assertThat(onError.required()).isFalse();
      assertThat(onError.group()).isEqualTo("Errors");
      assertThat(onError.help()).contains("dead-letter", "skip: count it", "fail: stop");
    }
  }

  @Test
  void marksThePostgresPasswordSecretAndKeyFieldsOptional() {
    var sink = BuiltInNodeTypes.registry().find("postgres", 1).orElseThrow();

    assertThat(sink.field("password").orElseThrow().secret()).isTrue();
    assertThat(sink.field("jdbcUrl").orElseThrow().required()).isTrue();
    assertThat(sink.field("keyFields").orElseThrow().required()).isFalse();
    assertThat(sink.field("mode").orElseThrow().defaultValue())
        .isEqualTo(TextNode.valueOf("append"));
  }

  @Test
  void marksTheFieldsThatNameInputFieldsSoFormsCanOfferThem() throws Exception {
    var window = BuiltInNodeTypes.registry().find("window-aggregate", 1).orElseThrow();

    assertThat(window.field("groupBy").orElseThrow().inputFields()).isTrue();
    assertThat(window.field("timeField").orElseThrow().inputFields()).isTrue();
    assertThat(window.field("aggregates").orElseThrow().inputFields()).isFalse();
    assertThat(
            BuiltInNodeTypes.registry()
                .find("postgres", 1)
                .orElseThrow()
                .field("keyFields")
                .orElseThrow()
                .inputFields())
        .isTrue();
    assertThat(MAPPER.writeValueAsString(window.field("groupBy").orElseThrow()))
        .contains("\"inputFields\":true");
    assertThat(MAPPER.writeValueAsString(window.field("aggregates").orElseThrow()))
        .doesNotContain("inputFields");
    assertThatThrownBy(() -> ConfigField.builder("size", FieldKind.DURATION).inputFields().build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("only string and string-list fields name fields");
  }

  @Test
  void tellsAnUnknownTypeFromAnUnknownVersion() {
    NodeTypeRegistry registry = BuiltInNodeTypes.registry();

    assertThat(registry.find("filter", 2)).isEmpty();
    assertThat(registry.knowsType("filter")).isTrue();
    assertThat(registry.knowsType("mqtt")).isFalse();
  }

  @Test
  void refusesToRegisterTheSameTypeAndVersionTwice() {
    var filter = BuiltInNodeTypes.registry().find("filter", 1).orElseThrow();

    assertThatThrownBy(() -> NodeTypeRegistry.of(List.of(filter, filter)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("registered twice");
  }

  @Test
  void rejectsInconsistentConfigFields() {
    assertThatThrownBy(() -> ConfigField.builder("mode", FieldKind.ENUM).build())
        .hasMessageContaining("allowed values");
    assertThatThrownBy(
            () -> ConfigField.builder("name", FieldKind.STRING).allowedValues("a").build())
        .hasMessageContaining("allowed values");
    assertThatThrownBy(
            () ->
                ConfigField.builder("mode", FieldKind.ENUM)
                    .allowedValues("a", "b")
                    .defaultValue("c")
                    .build())
        .hasMessageContaining("default value");
    assertThatThrownBy(
            () -> ConfigField.builder("size", FieldKind.INTEGER).defaultValue("big").build())
        .hasMessageContaining("whole number");
    assertThatThrownBy(
            () -> ConfigField.builder("size", FieldKind.INTEGER).min(1).defaultValue(0).build())
        .hasMessageContaining("at least 1");
    assertThatThrownBy(() -> ConfigField.builder("name", FieldKind.STRING).min(1).build())
        .hasMessageContaining("bounds");
    assertThatThrownBy(() -> ConfigField.builder("on", FieldKind.BOOLEAN).secret().build())
        .hasMessageContaining("secret");
    assertThatThrownBy(
            () ->
                ConfigField.builder("path", FieldKind.STRING).required().defaultValue("/").build())
        .hasMessageContaining("required");
    assertThatThrownBy(() -> ConfigField.builder("Bad-name", FieldKind.STRING).build())
        .hasMessageContaining("lowerCamel");
  }

  @Test
  void checksValuesAgainstTheFieldKind() {
    var integer = ConfigField.builder("n", FieldKind.INTEGER).min(1).max(10).build();
    var duration = ConfigField.builder("d", FieldKind.DURATION).build();
    var list = ConfigField.builder("l", FieldKind.STRING_LIST).required().build();

    assertThat(integer.checkValue(IntNode.valueOf(5))).isEmpty();
    assertThat(integer.checkValue(IntNode.valueOf(11))).contains("must be at most 10, got 11");
    assertThat(integer.checkValue(TextNode.valueOf("5"))).get().asString().contains("whole number");
    assertThat(duration.checkValue(TextNode.valueOf("10s"))).isEmpty();
    assertThat(duration.checkValue(TextNode.valueOf("10 sec"))).isPresent();
    assertThat(list.checkValue(MAPPER.createArrayNode().add("a"))).isEmpty();
    assertThat(list.checkValue(MAPPER.createArrayNode())).contains("needs at least one entry");
    assertThat(list.checkValue(MAPPER.createArrayNode().add("a").add(1))).isPresent();
  }

  @Test
  void rejectsDescriptorsWhosePortsContradictTheirRole() {
    assertThatThrownBy(
            () ->
                new NodeTypeDescriptor(
                    "bad-source",
                    1,
                    NodeRole.SOURCE,
                    "Bad",
                    "Has an input.",
                    List.of(PortSpec.input()),
                    List.of(PortSpec.output()),
                    List.of()))
        .hasMessageContaining("a source has no inputs");
    assertThatThrownBy(
            () ->
                new NodeTypeDescriptor(
                    "bad-sink",
                    1,
                    NodeRole.SINK,
                    "Bad",
                    "Has an output.",
                    List.of(PortSpec.input()),
                    List.of(PortSpec.output()),
                    List.of()))
        .hasMessageContaining("a sink has no outputs");
  }

  @Test
  void rejectsDescriptorsWithRepeatedFieldNames() {
    var field = ConfigField.builder("path", FieldKind.STRING).build();

    assertThatThrownBy(
            () ->
                new NodeTypeDescriptor(
                    "twice",
                    1,
                    NodeRole.SOURCE,
                    "Twice",
                    "Declares path twice.",
                    List.of(),
                    List.of(PortSpec.output()),
                    List.of(field, field)))
        .hasMessageContaining("config field 'path' is declared twice");
  }
}
