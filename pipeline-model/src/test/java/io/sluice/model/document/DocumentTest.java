package io.sluice.model.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.sluice.model.id.NodeId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DocumentTest {

  private static final NodeId SRC = new NodeId("src");

  @Test
  void defaultSettingsAreThirtySecondsParallelismOneExactlyOnceWithBackOff() {
    Settings defaults = Settings.defaults();

    assertThat(defaults.checkpointInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(defaults.parallelism()).isEqualTo(1);
    assertThat(defaults.deliveryGuarantee()).isEqualTo(DeliveryGuarantee.EXACTLY_ONCE);
    assertThat(defaults.restartPolicy())
        .isEqualTo(
            new RestartPolicy.ExponentialDelay(
                Duration.ofSeconds(1), Duration.ofMinutes(5), 2.0, 10));
  }

  @Test
  void settingsRejectNonPositiveIntervalAndParallelism() {
    var policy = new RestartPolicy.None();
    var guarantee = DeliveryGuarantee.AT_LEAST_ONCE;

    assertThatThrownBy(() -> new Settings(Duration.ZERO, 1, guarantee, policy))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("checkpointInterval");
    assertThatThrownBy(() -> new Settings(Duration.ofSeconds(-1), 1, guarantee, policy))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Settings(Duration.ofSeconds(1), 0, guarantee, policy))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("parallelism");
  }

  @Test
  void restartPoliciesRejectNonsense() {
    assertThatThrownBy(() -> new RestartPolicy.FixedDelay(0, Duration.ofSeconds(1)))
        .hasMessageContaining("attempts");
    assertThatThrownBy(
            () ->
                new RestartPolicy.ExponentialDelay(
                    Duration.ofMinutes(5), Duration.ofSeconds(1), 2.0, 10))
        .hasMessageContaining("maxDelay");
    assertThatThrownBy(
            () ->
                new RestartPolicy.ExponentialDelay(
                    Duration.ofSeconds(1), Duration.ofMinutes(5), 0.5, 10))
        .hasMessageContaining("multiplier");
  }

  @Test
  void deliveryGuaranteesHaveDashedWireNames() {
    assertThat(DeliveryGuarantee.EXACTLY_ONCE.wireName()).isEqualTo("exactly-once");
    assertThat(DeliveryGuarantee.fromWireName("at-least-once"))
        .contains(DeliveryGuarantee.AT_LEAST_ONCE);
    assertThat(DeliveryGuarantee.fromWireName("AT_LEAST_ONCE")).isEmpty();
  }

  @Test
  void anEmptyDocumentHasNoNodesDefaultSettingsAndNoLayout() {
    PipelineDocument empty = PipelineDocument.empty();

    assertThat(empty.nodes()).isEmpty();
    assertThat(empty.edges()).isEmpty();
    assertThat(empty.settings()).isEqualTo(Settings.defaults());
    assertThat(empty.layout().positions()).isEmpty();
    assertThat(PipelineDocument.FORMAT_VERSION).isEqualTo(1);
  }

  @Test
  void aDocumentIsNotChangedByChangingTheListsItWasMadeFrom() {
    List<Node> nodes = new ArrayList<>(List.of(Node.of(SRC, "file-directory")));
    var document = new PipelineDocument(nodes, List.of(), Settings.defaults(), Layout.empty());

    nodes.clear();

    assertThat(document.nodes()).hasSize(1);
    assertThatThrownBy(() -> document.nodes().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void aNodeKeepsItsConfigInOrderAndIsImmuneToChangesOfTheJsonItWasGiven() {
    ObjectNode nested = JsonNodeFactory.instance.objectNode().put("a", 1);
    Map<String, JsonNode> config = new LinkedHashMap<>();
    config.put("zeta", TextNode.valueOf("z"));
    config.put("alpha", nested);
    config.put("mid", IntNode.valueOf(3));
    Node node = new Node(SRC, "file-directory", 1, "Orders", config);

    nested.put("a", 2);
    config.put("extra", TextNode.valueOf("x"));
    ((ObjectNode) node.config().get("alpha")).put("a", 3);

    assertThat(node.config().keySet()).containsExactly("zeta", "alpha", "mid");
    assertThat(node.config().get("alpha").get("a").intValue()).isEqualTo(1);
    assertThatThrownBy(() -> node.config().put("new", TextNode.valueOf("n")))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void nodesWithTheSameNumberAreEqualHowEverTheNumberWasBuilt() {
    var asLong = new Node(SRC, "t", 1, "n", Map.of("n", LongNode.valueOf(5)));
    var asInt = new Node(SRC, "t", 1, "n", Map.of("n", IntNode.valueOf(5)));

    assertThat(asLong).isEqualTo(asInt);
  }

  @Test
  void aNodeTreatsJsonNullConfigAsAbsent() {
    var node = new Node(SRC, "t", 1, "n", Map.of("a", JsonNodeFactory.instance.nullNode()));

    assertThat(node.configValue("a")).isEmpty();
    assertThat(node.configValue("b")).isEmpty();
    assertThat(node.config()).containsKey("a");
  }

  @Test
  void aNodeRejectsABlankTypeOrNameAndAVersionBelowOne() {
    assertThatThrownBy(() -> new Node(SRC, " ", 1, "n", Map.of())).hasMessageContaining("type");
    assertThatThrownBy(() -> new Node(SRC, "t", 0, "n", Map.of()))
        .hasMessageContaining("typeVersion");
    assertThatThrownBy(() -> new Node(SRC, "t", 1, "", Map.of())).hasMessageContaining("name");
  }

  @Test
  void aLayoutKeepsPositionsInOrderAndRejectsNonFiniteCoordinates() {
    var positions = new LinkedHashMap<NodeId, Position>();
    positions.put(new NodeId("b"), new Position(1, 2));
    positions.put(new NodeId("a"), new Position(3, 4));

    assertThat(new Layout(positions).positions().keySet())
        .containsExactly(new NodeId("b"), new NodeId("a"));
    assertThatThrownBy(() -> new Position(Double.NaN, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
