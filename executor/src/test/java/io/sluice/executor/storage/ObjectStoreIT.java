package io.sluice.executor.storage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ObjectStoreIT {

  @TempDir Path dir;

  @Test
  void theEmbeddedStoreCreatesItsBucketAndPutsListsAndDeletes() throws Exception {
    try (ObjectStore store = ObjectStore.embedded(dir)) {
      assertThat(store.endpoint().getHost()).isEqualTo("127.0.0.1");
      assertThat(store.bucket()).isEqualTo(ObjectStore.EMBEDDED_BUCKET);

      store.put("checkpoints/p1/a", "one".getBytes(UTF_8));
      store.put("checkpoints/p1/b/c", "two".getBytes(UTF_8));
      store.put("checkpoints/p2/a", "three".getBytes(UTF_8));

      assertThat(store.list("checkpoints/p1/"))
          .extracting(StoredObject::key)
          .containsExactly("checkpoints/p1/a", "checkpoints/p1/b/c");
      assertThat(new String(store.get("checkpoints/p1/b/c"), UTF_8)).isEqualTo("two");

      assertThat(store.deletePrefix("checkpoints/p1/")).isEqualTo(2);
      assertThat(store.list("checkpoints/"))
          .extracting(StoredObject::key)
          .containsExactly("checkpoints/p2/a");
    }
  }

  @Test
  void aRestartedEmbeddedStoreKeepsItsCredentialsAndObjects() throws Exception {
    S3Credentials first;
    try (ObjectStore store = ObjectStore.embedded(dir)) {
      first = store.credentials();
      store.put("k", "v".getBytes(UTF_8));
    }

    try (ObjectStore store = ObjectStore.embedded(dir)) {
      assertThat(store.credentials()).isEqualTo(first);
      assertThat(new String(store.get("k"), UTF_8)).isEqualTo("v");
    }
  }

  @Test
  void credentialsDoNotShowTheirSecret() {
    assertThat(new S3Credentials("key", "very-secret").toString()).doesNotContain("very-secret");
  }
}
