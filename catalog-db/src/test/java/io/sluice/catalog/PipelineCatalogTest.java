package io.sluice.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.catalog.testing.CatalogExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.JdbiException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PipelineCatalogTest {

  @RegisterExtension static final CatalogExtension db = new CatalogExtension();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ExecutorService THREADS = Executors.newFixedThreadPool(2);

  @AfterAll
  static void stopThreads() {
    THREADS.shutdownNow();
  }

  private PipelineCatalog catalog() {
    return db.pipelines();
  }

  /** Names are unique per test; the tests of this class share one database. */
  private static String unique(String prefix) {
    return prefix + " " + UUID.randomUUID().toString().substring(0, 8);
  }

  private static ObjectNode doc(int marker) {
    ObjectNode doc = JSON.createObjectNode();
    doc.putArray("nodes").addObject().put("id", "source").put("marker", marker);
    doc.putArray("edges");
    return doc;
  }

  @Test
  void createMakesVersionOneAndFindReturnsIt() {
    String name = unique("orders");
    Pipeline created = catalog().create(name, "Reads orders", doc(1), "ada", "first draft");

    assertThat(created.summary().name()).isEqualTo(name);
    assertThat(created.summary().description()).isEqualTo("Reads orders");
    assertThat(created.summary().latestVersion()).isEqualTo(1);
    assertThat(created.latest().number()).isEqualTo(1);
    assertThat(created.latest().author()).isEqualTo("ada");
    assertThat(created.latest().message()).isEqualTo("first draft");
    assertThat(created.latest().document()).isEqualTo(doc(1));
    assertThat(created.summary().createdAt()).isEqualTo(created.summary().updatedAt());

    assertThat(catalog().find(created.summary().id())).contains(created);
  }

  @Test
  void findOfAnUnknownIdIsEmpty() {
    assertThat(catalog().find(UUID.randomUUID())).isEmpty();
  }

  @Test
  void listIsOrderedByNameIgnoringCaseAndSearchMatchesNameOrDescription() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    catalog().create("b-" + tag, "", doc(1), "ada", null);
    catalog().create("A-" + tag, "", doc(1), "ada", null);
    catalog().create("c-other", "mentions " + tag.toUpperCase() + " here", doc(1), "ada", null);

    assertThat(catalog().list(tag))
        .extracting(PipelineSummary::name)
        .containsExactly("A-" + tag, "b-" + tag, "c-other");
    assertThat(catalog().list("B-" + tag.toUpperCase()))
        .extracting(PipelineSummary::name)
        .containsExactly("b-" + tag);
    assertThat(catalog().list(null)).extracting(PipelineSummary::name).contains("A-" + tag);
  }

  @Test
  void searchTreatsLikeWildcardsAsPlainCharacters() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    catalog().create("100% " + tag, "", doc(1), "ada", null);
    catalog().create("100x " + tag, "", doc(1), "ada", null);

    assertThat(catalog().list("100%"))
        .extracting(PipelineSummary::name)
        .containsExactly("100% " + tag);
  }

  @Test
  void aDuplicateNameIgnoringCaseIsRejected() {
    String name = unique("Clicks");
    catalog().create(name, "", doc(1), "ada", null);

    assertThatThrownBy(() -> catalog().create(name.toUpperCase(), "", doc(1), "bob", null))
        .isInstanceOf(DuplicatePipelineNameException.class)
        .hasMessageContaining(name.toUpperCase())
        .satisfies(
            e ->
                assertThat(((DuplicatePipelineNameException) e).name())
                    .isEqualTo(name.toUpperCase()));
  }

  @Test
  void blankAndOverlongNamesAreRejectedAndNamesAreStripped() {
    assertThatThrownBy(() -> catalog().create("  ", "", doc(1), "ada", null))
        .isInstanceOf(InvalidPipelineNameException.class);
    assertThatThrownBy(() -> catalog().create("x".repeat(201), "", doc(1), "ada", null))
        .isInstanceOf(InvalidPipelineNameException.class)
        .hasMessageContaining("200");

    String name = unique("padded");
    assertThat(catalog().create("  " + name + " ", "", doc(1), "ada", null).summary().name())
        .isEqualTo(name);
    assertThat(catalog().create("é".repeat(200), "", doc(1), "ada", null).summary().name())
        .hasSize(200);
  }

  @Test
  void aDocumentThatIsNotAnObjectIsRejected() {
    assertThatThrownBy(
            () -> catalog().create(unique("array"), "", JSON.createArrayNode(), "ada", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("object");
  }

  @Test
  void savedVersionsAreNumberedAndListedNewestFirst() {
    Pipeline p = catalog().create(unique("numbered"), "", doc(1), "ada", "one");
    UUID id = p.summary().id();

    Pipeline second = catalog().saveVersion(id, 1, doc(2), "bob", "two");
    Pipeline third = catalog().saveVersion(id, 2, doc(3), "ada", null);

    assertThat(second.latest().number()).isEqualTo(2);
    assertThat(third.summary().latestVersion()).isEqualTo(3);
    assertThat(third.latest().message()).isEmpty();
    assertThat(catalog().versions(id))
        .extracting(VersionInfo::number, VersionInfo::author, VersionInfo::message)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(3, "ada", ""),
            org.assertj.core.groups.Tuple.tuple(2, "bob", "two"),
            org.assertj.core.groups.Tuple.tuple(1, "ada", "one"));
    assertThat(catalog().version(id, 1).orElseThrow().document()).isEqualTo(doc(1));
    assertThat(catalog().version(id, 2).orElseThrow().document()).isEqualTo(doc(2));
    assertThat(catalog().version(id, 4)).isEmpty();
    assertThat(catalog().find(id).orElseThrow().latest()).isEqualTo(third.latest());
  }

  @Test
  void aSaveBasedOnAnOldVersionFailsWithTheCurrentVersion() {
    Pipeline p = catalog().create(unique("stale"), "", doc(1), "ada", null);
    UUID id = p.summary().id();
    catalog().saveVersion(id, 1, doc(2), "ada", null);
    catalog().saveVersion(id, 2, doc(3), "ada", null);

    assertThatThrownBy(() -> catalog().saveVersion(id, 1, doc(99), "bob", null))
        .isInstanceOfSatisfying(
            StaleVersionException.class,
            e -> {
              assertThat(e.id()).isEqualTo(id);
              assertThat(e.baseVersion()).isEqualTo(1);
              assertThat(e.currentVersion()).isEqualTo(3);
            })
        .hasMessageContaining(id.toString())
        .hasMessageContaining("version 3")
        .hasMessageContaining("version 1");
    assertThat(catalog().versions(id)).hasSize(3);
  }

  @Test
  void ofTwoConcurrentSavesOnTheSameBaseExactlyOneSucceeds() throws Exception {
    for (int round = 0; round < 10; round++) {
      UUID id = catalog().create(unique("race"), "", doc(1), "ada", null).summary().id();
      CyclicBarrier start = new CyclicBarrier(2);
      List<Future<Pipeline>> saves = new ArrayList<>();
      for (int writer = 0; writer < 2; writer++) {
        int marker = 100 + writer;
        saves.add(
            THREADS.submit(
                () -> {
                  start.await(10, TimeUnit.SECONDS);
                  return catalog().saveVersion(id, 1, doc(marker), "writer" + marker, null);
                }));
      }

      List<Pipeline> succeeded = new ArrayList<>();
      List<Throwable> failed = new ArrayList<>();
      for (Future<Pipeline> save : saves) {
        try {
          succeeded.add(save.get(30, TimeUnit.SECONDS));
        } catch (java.util.concurrent.ExecutionException e) {
          failed.add(e.getCause());
        }
      }

      assertThat(succeeded).hasSize(1);
      assertThat(succeeded.get(0).latest().number()).isEqualTo(2);
      assertThat(failed)
          .singleElement()
          .isInstanceOfSatisfying(
              StaleVersionException.class,
              e -> {
                assertThat(e.baseVersion()).isEqualTo(1);
                assertThat(e.currentVersion()).isEqualTo(2);
              });
      assertThat(catalog().find(id).orElseThrow().latest().document())
          .isEqualTo(succeeded.get(0).latest().document());
    }
  }

  @Test
  void savingToAnUnknownPipelineFails() {
    UUID id = UUID.randomUUID();
    assertThatThrownBy(() -> catalog().saveVersion(id, 1, doc(1), "ada", null))
        .isInstanceOf(PipelineNotFoundException.class)
        .hasMessageContaining(id.toString());
    assertThatThrownBy(() -> catalog().versions(id)).isInstanceOf(PipelineNotFoundException.class);
    assertThatThrownBy(() -> catalog().delete(id)).isInstanceOf(PipelineNotFoundException.class);
    assertThatThrownBy(() -> catalog().updateDetails(id, "x", null))
        .isInstanceOf(PipelineNotFoundException.class);
  }

  @Test
  void aStoredVersionCannotBeUpdatedOrDeleted() {
    UUID id = catalog().create(unique("immutable"), "", doc(1), "ada", null).summary().id();

    assertThatThrownBy(
            () ->
                db.jdbi()
                    .useHandle(
                        h ->
                            h.createUpdate(
                                    "UPDATE pipeline_versions SET message = 'x' WHERE pipeline_id = :id")
                                .bind("id", id)
                                .execute()))
        .isInstanceOf(JdbiException.class)
        .hasMessageContaining("immutable");
    assertThatThrownBy(
            () ->
                db.jdbi()
                    .useHandle(
                        h ->
                            h.createUpdate("DELETE FROM pipeline_versions WHERE pipeline_id = :id")
                                .bind("id", id)
                                .execute()))
        .isInstanceOf(JdbiException.class)
        .hasMessageContaining("immutable");
    assertThat(catalog().version(id, 1).orElseThrow().message()).isEmpty();
  }

  private static ObjectNode docWithPassword(String password) {
    ObjectNode doc = JSON.createObjectNode();
    ObjectNode node = doc.putArray("nodes").addObject().put("id", "db");
    node.putObject("config").put("password", password);
    doc.putArray("edges");
    return doc;
  }

  private static ObjectNode envelope(String marker) {
    return JSON.createObjectNode().put("keyId", "k").put("nonce", "n").put("ciphertext", marker);
  }

  @Test
  void aVersionKeepsItsSecretsBesideItAndANewVersionGetsOnlyThoseItIsGiven() {
    SealedSecret first = new SealedSecret("db", "password", envelope("one"));
    Pipeline created =
        catalog().create(unique("sealed"), "", doc(1), "ada", null, id -> List.of(first));
    UUID id = created.summary().id();
    catalog().saveVersion(id, 1, doc(2), "ada", null, List.of());

    assertThat(catalog().secrets(id, 1)).containsExactly(first);
    assertThat(catalog().secrets(id, 2)).isEmpty();
    SealedSecret.Stored stored =
        catalog().allSecrets().stream().filter(s -> s.pipelineId().equals(id)).findFirst().get();
    assertThat(catalog().replaceSecret(stored, envelope("two"))).isTrue();
    assertThat(catalog().replaceSecret(stored, envelope("three")))
        .as("the envelope changed since it was read")
        .isFalse();
    assertThat(catalog().secrets(id, 1).get(0).envelope()).isEqualTo(envelope("two"));
  }

  @Test
  void aVersionsDocumentChangesOnlyToTakeItsPlainSecretsOutAndOnlyOnce() {
    UUID id =
        catalog()
            .create(unique("legacy"), "", docWithPassword("plain"), "ada", null)
            .summary()
            .id();
    assertThat(catalog().versionsWithConfigFields(List.of("password")))
        .anyMatch(v -> v.pipelineId().equals(id));
    assertThat(catalog().versionsWithConfigFields(List.of("secretKey")))
        .noneMatch(v -> v.pipelineId().equals(id));

    ObjectNode without = doc(1);
    SealedSecret sealed = new SealedSecret("db", "password", envelope("plain, sealed"));
    assertThat(catalog().sealVersion(id, 1, docWithPassword("plain"), without, List.of(sealed)))
        .isTrue();
    assertThat(catalog().sealVersion(id, 1, docWithPassword("plain"), without, List.of(sealed)))
        .as("another backend sealed it first")
        .isFalse();

    assertThat(catalog().version(id, 1).orElseThrow().document()).isEqualTo(without);
    assertThat(catalog().secrets(id, 1)).containsExactly(sealed);
    assertThatThrownBy(
            () ->
                db.jdbi()
                    .useHandle(
                        h ->
                            h.createUpdate(
                                    "UPDATE pipeline_versions SET document = '{}' WHERE pipeline_id = :id")
                                .bind("id", id)
                                .execute()))
        .as("without the transaction's say-so the version stays immutable")
        .isInstanceOf(JdbiException.class)
        .hasMessageContaining("immutable");
  }

  @Test
  void deletingHidesThePipelineAndFreesItsName() {
    String name = unique("doomed");
    UUID id = catalog().create(name, "", doc(1), "ada", null).summary().id();

    catalog().delete(id);

    assertThat(catalog().find(id)).isEmpty();
    assertThat(catalog().list(name)).isEmpty();
    assertThat(catalog().version(id, 1)).isEmpty();
    assertThatThrownBy(() -> catalog().versions(id)).isInstanceOf(PipelineNotFoundException.class);
    assertThatThrownBy(() -> catalog().saveVersion(id, 1, doc(2), "ada", null))
        .isInstanceOf(PipelineNotFoundException.class);
    assertThatThrownBy(() -> catalog().delete(id)).isInstanceOf(PipelineNotFoundException.class);

    Pipeline reborn = catalog().create(name, "", doc(2), "bob", null);
    assertThat(reborn.summary().id()).isNotEqualTo(id);
    assertThat(catalog().list(name))
        .extracting(PipelineSummary::id)
        .containsExactly(reborn.summary().id());
  }

  @Test
  void updateDetailsChangesNameAndDescriptionWithoutANewVersion() {
    Pipeline p = catalog().create(unique("before"), "old", doc(1), "ada", null);
    UUID id = p.summary().id();
    String newName = unique("after");

    PipelineSummary renamed = catalog().updateDetails(id, newName, null);
    assertThat(renamed.name()).isEqualTo(newName);
    assertThat(renamed.description()).isEqualTo("old");
    assertThat(renamed.latestVersion()).isEqualTo(1);
    assertThat(renamed.updatedAt()).isAfterOrEqualTo(p.summary().updatedAt());

    PipelineSummary described = catalog().updateDetails(id, null, "new");
    assertThat(described.name()).isEqualTo(newName);
    assertThat(described.description()).isEqualTo("new");
    assertThat(catalog().versions(id)).hasSize(1);
  }

  @Test
  void renamingToAnotherPipelinesNameFails() {
    String taken = unique("taken");
    catalog().create(taken, "", doc(1), "ada", null);
    Pipeline other = catalog().create(unique("other"), "", doc(1), "ada", null);

    assertThatThrownBy(
            () -> catalog().updateDetails(other.summary().id(), taken.toLowerCase(), null))
        .isInstanceOf(DuplicatePipelineNameException.class)
        .hasMessageContaining(taken.toLowerCase());
    assertThat(catalog().find(other.summary().id()).orElseThrow().summary().name())
        .isEqualTo(other.summary().name());
    // Renaming a pipeline to its own name in another case is fine.
    assertThat(
            catalog()
                .updateDetails(other.summary().id(), other.summary().name().toUpperCase(), null)
                .name())
        .isEqualTo(other.summary().name().toUpperCase());
  }

  @Test
  void documentsRoundTripNestedObjectsArraysNumbersAndUnicode() throws Exception {
    JsonNode document =
        JSON.readTree(
            """
            {
              "nodes": [
                {"id": "src", "type": "file-directory", "typeVersion": 1,
                 "config": {"path": "/data/in", "glob": "*.csv", "recursive": true, "limit": null}},
                {"id": "filter", "type": "filter",
                 "config": {"condition": "amount > 10.5 AND name <> 'x'"}}
              ],
              "edges": [{"from": {"node": "src", "port": "out"}, "to": {"node": "filter", "port": "in"}}],
              "settings": {"checkpointInterval": "PT10S", "parallelism": 2, "ratio": 0.25,
                           "big": 9223372036854775807, "negative": -3, "empty": {}, "none": []},
              "layout": {"src": {"x": -12.5, "y": 300}},
              "text": "Grüße, 東京, مرحبا, emoji 🚰💧, quote \\" backslash \\\\ tab \\t newline \\n",
              "nested": [[1, [2, [3, {"deep": ["a", {"b": false}]}]]]]
            }
            """);

    Pipeline created = catalog().create(unique("round trip"), "", document, "ada", null);

    assertThat(created.latest().document()).isEqualTo(document);
    assertThat(catalog().find(created.summary().id()).orElseThrow().latest().document())
        .isEqualTo(document);
    assertThat(catalog().version(created.summary().id(), 1).orElseThrow().document())
        .isEqualTo(document);
  }
}
