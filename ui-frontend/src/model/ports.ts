import type { NodeTypeDescriptor, PortSpec } from '../api/types';
import type { DocNode } from './document';

/**
 * The output ports of a node: those its type declares, then one per `port: …` entry of the config
 * field named by `outputPortsField` (a route's branches), as the backend's validator reads them.
 */
export function outputPortsOf(descriptor: NodeTypeDescriptor, node: DocNode): PortSpec[] {
  const ports = [...descriptor.outputs];
  const field = descriptor.outputPortsField;
  const entries = field ? node.config?.[field] : undefined;
  if (Array.isArray(entries)) {
    for (const entry of entries) {
      if (typeof entry !== 'string') continue;
      const colon = entry.indexOf(':');
      const name = colon > 0 ? entry.slice(0, colon).trim() : '';
      if (/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(name) && !ports.some((p) => p.name === name)) {
        ports.push({ name, label: name });
      }
    }
  }
  return ports;
}

/** Whether one more edge may end at input `port` of a node of this type. */
export function acceptsAnotherEdge(descriptor: NodeTypeDescriptor, port: string, edgesInto: number): boolean {
  const spec = descriptor.inputs.find((p) => p.name === port);
  return spec ? spec.multiple === true || edgesInto === 0 : true;
}
