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
 * @param firstLength how many leading bytes the file had when first seen (at most 1024)
 * @param firstFingerprint a hash of those bytes: what a copy made at any time still starts with
 * @param fingerprintLength how many leading bytes the fingerprint covers (at least {@code
 *     firstLength}, at most 1024): grows with the file, to tell apart files that share a short head
 * @param fingerprint a hash of those bytes
 * @param offset the byte offset after the last emitted event: where reading resumes
 */
public record TrackedLog(
    long id,
    String path,
    String key,
    int firstLength,
    long firstFingerprint,
    int fingerprintLength,
    long fingerprint,
    long offset) {

  public TrackedLog {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(key, "key");
    if (firstLength < 1 || fingerprintLength < firstLength || offset < 0) {
      throw new IllegalArgumentException(
          "1 <= firstLength <= fingerprintLength and offset >= 0, got "
              + firstLength
              + ", "
              + fingerprintLength
              + ", "
              + offset);
    }
  }

  /** A file first seen with {@code length} bytes whose hash is {@code fingerprint}. */
  public static TrackedLog seen(
      long id, String path, String key, int length, long fingerprint, long offset) {
    return new TrackedLog(id, path, key, length, fingerprint, length, fingerprint, offset);
  }

  public TrackedLog at(long offset) {
    return new TrackedLog(
        id, path, key, firstLength, firstFingerprint, fingerprintLength, fingerprint, offset);
  }

  public TrackedLog withPath(String path) {
    return new TrackedLog(
        id, path, key, firstLength, firstFingerprint, fingerprintLength, fingerprint, offset);
  }

  public TrackedLog withFingerprint(int length, long fingerprint) {
    return new TrackedLog(
        id, path, key, firstLength, firstFingerprint, length, fingerprint, offset);
  }

  /** The same content under another identity: a copy continues where this file was left. */
  public TrackedLog continuedIn(long id, String path, String key, long offset) {
    return new TrackedLog(
        id, path, key, firstLength, firstFingerprint, fingerprintLength, fingerprint, offset);
  }
}
