package io.sluice.model.nodetype;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.sluice.model.document.Node;
import io.sluice.model.id.NodeId;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigValuesTest {

  private final NodeTypeDescriptor source =
      BuiltInNodeTypes.registry().find(BuiltInNodeTypes.FILE_DIRECTORY, 1).orElseThrow();

  @Test
  void givesSetValuesAndFallsBackToDescriptorDefaults() {
    Map<String, JsonNode> config =
        Map.of("path", TextNode.valueOf("/data"), "csvHeader", BooleanNode.FALSE);
    var values =
        ConfigValues.of(source, new Node(new NodeId("src"), "file-directory", 1, "src", config));

    assertThat(values.string("path")).isEqualTo("/data");
    assertThat(values.bool("csvHeader")).isFalse();
    assertThat(values.string("format")).isEqualTo("csv");
    assertThat(values.duration("discoveryInterval")).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void failsLoudlyForAFieldTheTypeDoesNotHaveOrAValueThatWasNeverValidated() {
    var values = ConfigValues.of(source, Node.of(new NodeId("src"), "file-directory"));

    assertThatThrownBy(() -> values.string("pth")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> values.string("path")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void refusesADescriptorOfAnotherType() {
    assertThatThrownBy(() -> ConfigValues.of(source, Node.of(new NodeId("f"), "filter")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not describe");
  }
}
