import { Handle, type Node, type NodeProps, Position } from '@xyflow/react';
import { memo } from 'react';
import type { PortSpec } from '../api/types';
import { useCanvasMetrics } from '../hooks/useCanvasMetrics';
import { useDesigner } from '../hooks/useDesigner';
import { displayName, edgesOf, fromPort, toPort } from '../model/document';
import type { GraphNode } from '../model/graph';
import { formatCount, isBackPressured } from '../model/metrics';
import { outputPortsOf } from '../model/ports';
import { selectProblemCount } from '../store/selectors';
import { RoleIcon } from './RoleIcon';

type Props = NodeProps<Node<GraphNode['data'], 'pipelineNode'>>;

/**
 * A node on the canvas: name, type, problem mark, and one handle per port of its type. A node of
 * an unknown type still shows the ports its edges use, so the graph stays readable. While the
 * pipeline runs, a node slowed down by what follows it is marked back-pressured.
 */
export const PipelineNodeView = memo(function PipelineNodeView({ id, data, selected }: Props) {
  const node = data.node;
  const descriptor = useDesigner((s) => s.nodeTypes[node.type]);
  const problemCount = useDesigner((s) => selectProblemCount(s, id));
  const usedPorts = useDesigner((s) => portsUsedBy(s.doc, id));

  const inputs: PortSpec[] = descriptor ? descriptor.inputs : usedPorts.inputs.map((name) => ({ name, label: name }));
  const outputs: PortSpec[] = descriptor
    ? outputPortsOf(descriptor, node)
    : usedPorts.outputs.map((name) => ({ name, label: name }));
  const role = descriptor?.role ?? 'unknown';
  const measured = useCanvasMetrics()?.nodes.find((n) => n.nodeId === id);
  const backPressured = isBackPressured(measured);
  const pressure = backPressured ? `Back-pressured: waits ${formatCount(Math.round(measured?.backPressuredMsPerSecond ?? 0))} ms per second for the nodes after it` : undefined;

  return (
    <div
      className={`flow-node flow-node--${role}${selected ? ' is-selected' : ''}${problemCount > 0 ? ' has-problems' : ''}${backPressured ? ' is-back-pressured' : ''}`}
      data-testid={`node-${id}`}
      title={pressure}
    >
      {inputs.map((p, i) => (
        <Handle
          key={`in-${p.name}`}
          type="target"
          position={Position.Left}
          id={p.name}
          style={{ top: portOffset(i, inputs.length) }}
          title={p.label}
          aria-label={`${p.label} input of ${displayName(node)}`}
        >
          {inputs.length > 1 && <span className="flow-node__port-label flow-node__port-label--in">{p.label}</span>}
        </Handle>
      ))}
      <div className="flow-node__header">
        <RoleIcon role={role} />
        <span className="flow-node__type">{descriptor?.title ?? `Unknown type ${node.type}`}</span>
        {problemCount > 0 && (
          <span className="flow-node__problems" title={`${problemCount} problem${problemCount === 1 ? '' : 's'}`}>
            <span aria-hidden="true">!</span>
            <span className="visually-hidden">{`${problemCount} problem${problemCount === 1 ? '' : 's'}`}</span>
            {problemCount > 1 && <span aria-hidden="true">{problemCount}</span>}
          </span>
        )}
      </div>
      <div className="flow-node__name">{displayName(node)}</div>
      {backPressured && <div className="flow-node__pressure">back-pressured</div>}
      {outputs.map((p, i) => (
        <Handle
          key={`out-${p.name}`}
          type="source"
          position={Position.Right}
          id={p.name}
          style={{ top: portOffset(i, outputs.length) }}
          title={p.label}
          aria-label={`${p.label} output of ${displayName(node)}`}
        >
          {outputs.length > 1 && <span className="flow-node__port-label">{p.label}</span>}
        </Handle>
      ))}
    </div>
  );
});

function portOffset(index: number, count: number): string {
  return `${((index + 1) / (count + 1)) * 100}%`;
}

const NO_PORTS = { inputs: [] as string[], outputs: [] as string[] };
const portCache = new WeakMap<object, Map<string, { inputs: string[]; outputs: string[] }>>();

/** Ports that edges use on a node, for nodes whose type is unknown (memoized per document). */
function portsUsedBy(doc: Parameters<typeof edgesOf>[0], id: string) {
  let byNode = portCache.get(doc);
  if (!byNode) {
    byNode = new Map();
    for (const e of edgesOf(doc)) {
      const out = byNode.get(e.from.node) ?? { inputs: [], outputs: [] };
      if (!out.outputs.includes(fromPort(e.from))) out.outputs.push(fromPort(e.from));
      byNode.set(e.from.node, out);
      const into = byNode.get(e.to.node) ?? { inputs: [], outputs: [] };
      if (!into.inputs.includes(toPort(e.to))) into.inputs.push(toPort(e.to));
      byNode.set(e.to.node, into);
    }
    portCache.set(doc, byNode);
  }
  return byNode.get(id) ?? NO_PORTS;
}
