package io.sluice.executor.storage;

import java.time.Instant;

/**
 * One object as a listing shows it.
 *
 * @param key the full key within the bucket
 * @param size size in bytes
 * @param lastModified when the object was last written
 */
public record StoredObject(String key, long size, Instant lastModified) {}
