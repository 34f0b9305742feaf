package io.sluice.model.connection;

import java.util.Optional;

/** Finds a stored connection by name, secrets decrypted; the catalog implements it. */
@FunctionalInterface
public interface ConnectionLookup {
  /** Knows no connection: every node that names one gets an {@code unknown-connection} problem. */
  ConnectionLookup NONE = name -> Optional.empty();

  Optional<ConnectionValues> find(String name);
}
