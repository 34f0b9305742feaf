package io.sluice.connectors.postgres.cdc;

import io.sluice.model.schema.RecordSchema;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link PostgresCdcSource} reads: the changes of one table, through a replication slot
 * named after the pipeline and node ({@link ReplicationSlots#slotName}) and a publication.
 *
 * @param fields the columns as {@code name: type} entries; the operation field comes after them
 * @param publication the publication's name; created for the table when missing
 * @param snapshot whether the first start reads the table's rows before the changes
 */
public record CdcSettings(
    String jdbcUrl,
    String user,
    String password,
    String table,
    List<String> fields,
    String opField,
    String slot,
    String publication,
    boolean snapshot)
    implements Serializable {

  public CdcSettings {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(opField, "opField");
    Objects.requireNonNull(slot, "slot");
    Objects.requireNonNull(publication, "publication");
    fields = new ArrayList<>(fields);
    RecordSchema.parse(fields).schema();
  }

  /** The declared columns, without the operation field. */
  public RecordSchema columns() {
    return RecordSchema.parse(fields).schema();
  }

  /** The fields of the records: the columns, then the operation (string). */
  public RecordSchema outputSchema() {
    List<String> all = new ArrayList<>(fields);
    all.add(opField + ": string");
    return RecordSchema.parse(all).schema();
  }

  @Override
  public String toString() {
    return "CdcSettings[" + table + ", slot " + slot + ", publication " + publication + "]";
  }
}
