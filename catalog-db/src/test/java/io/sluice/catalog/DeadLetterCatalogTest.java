package io.sluice.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.catalog.testing.CatalogExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DeadLetterCatalogTest {
  @RegisterExtension static final CatalogExtension db = new CatalogExtension();
  private static final ObjectMapper JSON = new ObjectMapper();

  private static UUID pipeline() {
    ObjectNode doc = JSON.createObjectNode().put("formatVersion", 1);
    return db.pipelines().create("p " + UUID.randomUUID(), "", doc, "ada", "").summary().id();
  }

  private static Run run(UUID pipeline) {
    return new RunCatalog(db.jdbi())
        .start(pipeline, 1, JSON.createObjectNode(), "embedded", "2.1.1", null, "ada");
  }

  /** What the dead-letter sink writes: the five columns, nothing else. */
  private static void write(UUID pipeline, String node, String raw) {
    db.jdbi()
        .useHandle(
            h ->
                h.execute(
                    "INSERT INTO dead_letters (pipeline, node, source, raw, reason) VALUES (?, ?, ?, ?, ?)",
                    DeadLetterCatalog.key(pipeline),
                    node,
                    "/in/a.csv:2",
                    raw,
                    "bad " + raw));
  }

  @Test
  void pagesNewestFirstByNodeAndFindsTheRunThatWasActive() {
    DeadLetterCatalog letters = new DeadLetterCatalog(db.jdbi());
    UUID pipeline = pipeline();
    Run run = run(pipeline);
    for (int i = 0; i < 5; i++) {
      write(pipeline, i % 2 == 0 ? "read" : "check", "r" + i);
    }
    write(pipeline(), "read", "another pipeline's");

    List<DeadLetter> first = letters.page(pipeline, DeadLetterCatalog.Filter.ALL, null, 2);
    List<DeadLetter> second =
        letters.page(pipeline, DeadLetterCatalog.Filter.ALL, first.get(1).id(), 2);
    List<DeadLetter> reads =
        letters.page(pipeline, new DeadLetterCatalog.Filter("read", run.id()), null, 10);

    assertThat(first).extracting(DeadLetter::raw).containsExactly("r4", "r3");
    assertThat(second).extracting(DeadLetter::raw).containsExactly("r2", "r1");
    assertThat(reads).extracting(DeadLetter::raw).containsExactly("r4", "r2", "r0");
    assertThat(reads).allSatisfy(d -> assertThat(d.runId()).isEqualTo(run.id()));
    assertThat(reads.get(0).reason()).isEqualTo("bad r4");
    assertThat(
            letters.page(pipeline, new DeadLetterCatalog.Filter(null, UUID.randomUUID()), null, 10))
        .isEmpty();
  }

  @Test
  void streamsEveryRowOldestFirst() {
    DeadLetterCatalog letters = new DeadLetterCatalog(db.jdbi());
    UUID pipeline = pipeline();
    for (int i = 0; i < 1203; i++) {
      write(pipeline, "read", "r" + i);
    }
    List<String> seen = new ArrayList<>();

    letters.forEach(pipeline, DeadLetterCatalog.Filter.ALL, d -> seen.add(d.raw()));

    assertThat(seen).hasSize(1203).startsWith("r0", "r1").endsWith("r1202");
  }

  @Test
  void aReplayTakesAllOrNoneAndMarksOnlyWhenToldItFinished() {
    DeadLetterCatalog letters = new DeadLetterCatalog(db.jdbi());
    UUID pipeline = pipeline();
    for (int i = 0; i < 3; i++) {
      write(pipeline, "read", "r" + i);
    }
    List<Long> ids = letters.waiting(pipeline, "read", 10);
    Run replay = run(pipeline);

    assertThat(letters.claim(pipeline, ids.subList(0, 2), replay.id())).isTrue();
    assertThat(letters.claim(pipeline, ids, run(pipeline()).id()))
        .as("one of them is taken already")
        .isFalse();
    assertThat(letters.waiting(pipeline, "read", 10)).containsExactly(ids.get(2));
    assertThat(letters.counts(pipeline)).containsExactly(new DeadLetterCount("read", 3, 0, 2));

    assertThat(letters.markReplayed(replay.id())).isEqualTo(2);
    assertThat(letters.release(replay.id())).as("nothing left to release").isZero();
    assertThat(letters.counts(pipeline)).containsExactly(new DeadLetterCount("read", 3, 2, 0));
    assertThat(letters.byIds(pipeline, ids))
        .extracting(DeadLetter::replayedAt)
        .satisfies(at -> assertThat(at.get(0)).isNotNull())
        .satisfies(at -> assertThat(at.get(2)).isNull());
  }

  @Test
  void aReleasedReplayLeavesItsDeadLettersWaitingAgain() {
    DeadLetterCatalog letters = new DeadLetterCatalog(db.jdbi());
    UUID pipeline = pipeline();
    write(pipeline, "read", "r0");
    List<Long> ids = letters.waiting(pipeline, "read", 10);
    UUID replay = run(pipeline).id();
    letters.claim(pipeline, ids, replay);

    assertThat(letters.release(replay)).isEqualTo(1);
    assertThat(letters.waiting(pipeline, "read", 10)).isEqualTo(ids);
  }
}
