/** The id of the input for a node's field (`name` or a config field), for labels and focusing. */
export function inputId(nodeId: string, field: string): string {
  return `node-${nodeId}-${field === 'name' ? 'name' : `config-${field}`}`.replace(/[^A-Za-z0-9_-]/g, '_');
}
