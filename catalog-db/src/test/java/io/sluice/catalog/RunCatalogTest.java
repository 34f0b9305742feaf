package io.sluice.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.catalog.RunCatalog.RunUpdate;
import io.sluice.catalog.testing.CatalogExtension;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RunCatalogTest {
  @RegisterExtension static final CatalogExtension db = new CatalogExtension();
  private static final ObjectMapper JSON = new ObjectMapper();

  private static UUID pipeline() {
    ObjectNode doc = JSON.createObjectNode().put("formatVersion", 1);
    return db.pipelines().create("p " + UUID.randomUUID(), "", doc, "ada", "").summary().id();
  }

  private static RunCatalog runs() {
    return new RunCatalog(db.jdbi());
  }

  private static ObjectNode plan() {
    return JSON.createObjectNode().put("steps", 3);
  }

  @Test
  void recordsARunWithItsVersionPlanAndEngineThenFollowsItsStates() {
    UUID pipeline = pipeline();
    Run run = runs().start(pipeline, 1, plan(), "embedded", "2.1.1", null, "ada");

    assertThat(run.state()).isEqualTo(RunState.STARTING);
    assertThat(run.desiredRunning()).isTrue();
    assertThat(run.plan()).isEqualTo(plan());
    assertThat(run.flinkVersion()).isEqualTo("2.1.1");

    Run running = runs().update(run.id(), RunUpdate.state(RunState.RUNNING).jobId("job-1"));
    assertThat(running.jobId()).isEqualTo("job-1");
    assertThat(running.endedAt()).isNull();

    Run stopped =
        runs()
            .update(
                run.id(),
                RunUpdate.state(RunState.STOPPED)
                    .desiredRunning(false)
                    .savepointPath("s3://b/sp-1"));
    assertThat(stopped.jobId()).isEqualTo("job-1");
    assertThat(stopped.endedAt()).isNotNull();
    assertThat(stopped.desiredRunning()).isFalse();
    assertThat(runs().lastProgress(pipeline)).contains("s3://b/sp-1");
  }

  @Test
  void allowsOneActiveRunPerPipeline() {
    UUID pipeline = pipeline();
    Run first = runs().start(pipeline, 1, plan(), "embedded", "2.1.1", null, "ada");

    assertThatThrownBy(() -> runs().start(pipeline, 1, plan(), "embedded", "2.1.1", null, "bob"))
        .isInstanceOf(RunAlreadyActiveException.class)
        .hasMessageContaining(pipeline.toString());

    runs().update(first.id(), RunUpdate.state(RunState.FAILED).failure("boom"));
    Run second = runs().start(pipeline, 1, plan(), "embedded", "2.1.1", null, "bob");
    assertThat(runs().list(pipeline)).extracting(Run::id).containsExactly(second.id(), first.id());
    assertThat(runs().active(pipeline)).map(Run::id).contains(second.id());
  }

  @Test
  void listsRunsToResumeAfterACrash() {
    UUID pipeline = pipeline();
    Run run = runs().start(pipeline, 1, plan(), "embedded", "2.1.1", null, "ada");
    runs().update(run.id(), RunUpdate.state(RunState.RUNNING).checkpointPath("s3://b/chk-7"));

    assertThat(runs().toResume()).extracting(Run::id).contains(run.id());
    assertThat(runs().lastProgress(pipeline)).contains("s3://b/chk-7");

    runs().update(run.id(), RunUpdate.state(RunState.STOPPED).desiredRunning(false));
    assertThat(runs().toResume()).extracting(Run::id).doesNotContain(run.id());
  }

  @Test
  void refusesARunOfAVersionThatDoesNotExist() {
    UUID pipeline = pipeline();
    assertThatThrownBy(() -> runs().start(pipeline, 9, plan(), "embedded", "2.1.1", null, "ada"))
        .isInstanceOf(RuntimeException.class)
        .hasMessageContaining("runs_pipeline_id_version_fkey");
  }

  @Test
  void aRunOfABackendWhoseLivenessExpiredIsDeclaredLostOnceAndItsOwnerCannotClaimItAgain() {
    UUID pipeline = pipeline();
    Leases leases = new Leases(db.jdbi());
    String backend = "b-" + UUID.randomUUID();
    Lease liveness =
        leases
            .acquireOrRenew(Leases.livenessName(backend), backend, java.time.Duration.ofMinutes(1))
            .orElseThrow();
    Lease reconciler =
        leases
            .acquireOrRenew("r-" + UUID.randomUUID(), "leader", java.time.Duration.ofMinutes(1))
            .orElseThrow();
    Run run =
        runs()
            .startOwned(
                null, liveness, null, pipeline, 1, plan(), "embedded", "2.1.1", null, "ada");
    assertThat(run.owner()).isEqualTo(backend);
    assertThat(runs().orphaned()).extracting(Run::id).doesNotContain(run.id());
    assertThat(runs().markLost(reconciler, run.id(), backend, "gone")).as("still alive").isEmpty();

    leases.release(liveness); // expires now, as if the backend had stopped renewing it
    assertThat(runs().orphaned()).extracting(Run::id).contains(run.id());
    Run lost = runs().markLost(reconciler, run.id(), backend, "backend gone").orElseThrow();
    assertThat(lost.state()).isEqualTo(RunState.LOST);
    assertThat(lost.failure()).isEqualTo("backend gone");
    assertThat(lost.endedAt()).isNotNull();
    assertThat(runs().markLost(reconciler, run.id(), backend, "again")).isEmpty();

    // The owner comes back: a new epoch of its liveness, but the run is not its own any more.
    Lease back =
        leases
            .acquireOrRenew(Leases.livenessName(backend), backend, java.time.Duration.ofMinutes(1))
            .orElseThrow();
    assertThat(back.epoch()).isGreaterThan(liveness.epoch());
    assertThat(runs().toResume(backend)).extracting(Run::id).doesNotContain(run.id());
    assertThat(runs().claim(back, run.id())).isEmpty();
    assertThatThrownBy(() -> runs().claim(liveness, run.id()))
        .isInstanceOf(LeaseLostException.class);
    Run after = runs().update(run.id(), RunUpdate.state(RunState.RUNNING));
    assertThat(after.state()).as("nothing changes a lost run").isEqualTo(RunState.LOST);
    Run next =
        runs().startOwned(null, back, null, pipeline, 1, plan(), "embedded", "2.1.1", null, "ada");
    assertThat(runs().active(pipeline)).map(Run::id).contains(next.id());
  }
}
