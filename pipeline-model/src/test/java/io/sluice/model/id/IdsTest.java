package io.sluice.model.id;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdsTest {

  @ParameterizedTest
  @ValueSource(strings = {"src", "orders_2024", "a", "_hidden", "9lives", "orders.v2-eu"})
  void acceptsNodeIdsMadeOfLettersDigitsAndSeparators(String value) {
    assertThat(new NodeId(value).value()).isEqualTo(value);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "orders src", "-dash-first", ".dot-first", "ünïcode", "a/b", "a:b"})
  void rejectsNodeIdsThatBreakTheNamingRule(String value) {
    assertThatThrownBy(() -> new NodeId(value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Node id");
  }

  @Test
  void acceptsSixtyFourCharactersButNotSixtyFive() {
    assertThat(new NodeId("a".repeat(64)).value()).hasSize(64);
    assertThatThrownBy(() -> new NodeId("a".repeat(65)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1 to 64 characters");
  }

  @Test
  void rejectsANullNodeIdWithAnIllegalArgumentException() {
    assertThatThrownBy(() -> new NodeId(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void printsIdsAsTheirBareValue() {
    assertThat(new NodeId("src")).hasToString("src");
    assertThat(PortName.OUT).hasToString("out");
    assertThat(PortName.IN.value()).isEqualTo("in");
  }

  @Test
  void rejectsPortNamesWithTheSameRuleAsNodeIds() {
    assertThatThrownBy(() -> new PortName("dead letter"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Port name");
  }

  @Test
  void parsesAndPrintsPipelineIdsAsUuids() {
    String text = "3f2c8a9e-1b7d-4c1e-9a55-0d6f3b2e7c10";
    PipelineId id = PipelineId.parse(text);

    assertThat(id.value()).isEqualTo(UUID.fromString(text));
    assertThat(id).hasToString(text);
    assertThat(PipelineId.parse(id.toString())).isEqualTo(id);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "not-a-uuid", "1-1-1-1-1", "3f2c8a9e1b7d4c1e9a550d6f3b2e7c10"})
  void rejectsPipelineIdsThatAreNotCanonicalUuids(String text) {
    assertThatThrownBy(() -> PipelineId.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not a UUID");
  }

  @Test
  void makesDifferentRandomPipelineIds() {
    assertThat(PipelineId.random()).isNotEqualTo(PipelineId.random());
  }

  @Test
  void serializesIdsAsPlainJsonStringsAndReadsThemBack() throws Exception {
    var mapper = new ObjectMapper();
    PipelineId pipeline = PipelineId.random();

    assertThat(mapper.writeValueAsString(new NodeId("src"))).isEqualTo("\"src\"");
    assertThat(mapper.writeValueAsString(PortName.OUT)).isEqualTo("\"out\"");
    assertThat(mapper.writeValueAsString(pipeline)).isEqualTo("\"" + pipeline + "\"");
    assertThat(mapper.readValue("\"src\"", NodeId.class)).isEqualTo(new NodeId("src"));
    assertThat(mapper.readValue("\"" + pipeline + "\"", PipelineId.class)).isEqualTo(pipeline);
  }
}
