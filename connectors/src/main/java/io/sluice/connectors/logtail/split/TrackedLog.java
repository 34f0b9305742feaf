package io.sluice.connectors.logtail.split;

import java.util.Objects;

/**
 * A log file the source follows, and how far its events have been emitted. A file is known by its
 * device and inode ({@code key}) and by a fingerprint of its first bytes, so that a rename finds it
 * under its new name, a copy ({@code copytruncate}) is known as the same content, and an inode
 * reused by a new file is not taken for the old one.
 *
 * @param id unique among the files of a source, assigned in order
 * @param path where the file was last seen
 * @param key the device and inode ({@code dev:ino}), or the file system's file key
 * @param fingerprintLength how many leading bytes the fingerprint covers (1 to 1024)
 * @param fingerprint a hash of those bytes
 * @param offset the byte offset after the last emitted event: where reading resumes
 */
public record TrackedLog(
    long id, String path, String key, int fingerprintLength, long fingerprint, long offset) {

  public TrackedLog {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(key, "key");
    if (fingerprintLength < 1 || offset < 0) {
      throw new IllegalArgumentException(
          "fingerprintLength >= 1 and offset >= 0, got " + fingerprintLength + ", " + offset);
    }
  }

  public TrackedLog at(long offset) {
    return new TrackedLog(id, path, key, fingerprintLength, fingerprint, offset);
  }

  public TrackedLog withPath(String path) {
    return new TrackedLog(id, path, key, fingerprintLength, fingerprint, offset);
  }

  public TrackedLog withFingerprint(int length, long fingerprint) {
    return new TrackedLog(id, path, key, length, fingerprint, offset);
  }
}
