package io.sluice.model.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ProblemTest {

  private final ObjectMapper mapper = new ObjectMapper();

  @Test
  void serializesToTheFourFieldShapeWithAPlainObjectMapper() throws Exception {
    var problem =
        new Problem("src", "config.path", ProblemCodes.MISSING_CONFIG, "Directory is required.");

    assertThat(mapper.writeValueAsString(problem))
        .isEqualTo(
            "{\"nodeId\":\"src\",\"field\":\"config.path\",\"code\":\"missing-config\","
                + "\"message\":\"Directory is required.\"}");
  }

  @Test
  void leavesOutNullNodeIdAndField() throws Exception {
    var problem = Problem.ofPipeline(ProblemCodes.NO_SINK, "No sink.");

    assertThat(mapper.writeValueAsString(problem))
        .isEqualTo("{\"code\":\"no-sink\",\"message\":\"No sink.\"}");
  }

  @Test
  void readsBackWhatItWrites() throws Exception {
    var problem = new Problem(null, "nodes[2].id", ProblemCodes.INVALID_ID, "Bad id.");

    assertThat(mapper.readValue(mapper.writeValueAsString(problem), Problem.class))
        .isEqualTo(problem);
  }

  @Test
  void requiresACodeAndAMessage() {
    assertThatThrownBy(() -> new Problem(null, null, " ", "m"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Problem(null, null, "c", null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
