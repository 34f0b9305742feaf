import {
  Background,
  BackgroundVariant,
  type Connection,
  Controls,
  type EdgeChange,
  MiniMap,
  type NodeChange,
  ReactFlow,
  useReactFlow,
} from '@xyflow/react';
import { type DragEvent, useCallback, useState } from 'react';
import { useDesigner } from '../hooks/useDesigner';
import { type FlowNode, useFlowGraph } from '../hooks/useFlowGraph';
import type { DocChange } from '../model/changes';
import { type DocEdge, edgeId, edgesOf, nodesOf, toPort } from '../model/document';
import type { Dimensions } from '../model/dimensions';
import type { GraphEdge } from '../model/graph';
import { acceptsAnotherEdge } from '../model/ports';
import { useDesignerStoreApi } from '../store/context';
import { NODE_TYPE_MIME } from './dnd';
import { FieldsEdge } from './FieldsEdge';
import { PipelineNodeView } from './PipelineNodeView';

// At module scope, so React Flow does not see new types on every render.
const nodeTypes = { pipelineNode: PipelineNodeView };
const edgeTypes = { fields: FieldsEdge };
const DELETE_KEYS = ['Delete', 'Backspace'];
const MULTI_SELECT_KEYS = ['Shift', 'Meta', 'Control'];

/**
 * The React Flow canvas over the store's document. React Flow's change events are translated into
 * document changes (moves, connections, deletions) or selection; everything else is view state.
 */
export function Canvas({ onDropType }: { onDropType: (type: string, position: { x: number; y: number }) => void }) {
  const store = useDesignerStoreApi();
  const [measured, setMeasured] = useState<Record<string, Dimensions>>({});
  const { nodes, edges } = useFlowGraph(measured);
  const hasNodes = useDesigner((s) => (s.doc.nodes ?? []).length > 0);
  // Fit the view to a loaded pipeline once; an empty one would otherwise fit to its first node and
  // jump away from where the user dropped it.
  const [fitOnOpen] = useState(hasNodes);
  const { screenToFlowPosition } = useReactFlow();

  const onNodesChange = useCallback(
    (changes: NodeChange<FlowNode>[]) => {
      const moves: DocChange[] = [];
      let dragging = false;
      let selection: string[] | null = null;
      const sizes: Record<string, Dimensions> = {};
      for (const c of changes) {
        if (c.type === 'position' && c.position) {
          moves.push({ type: 'move-node', id: c.id, position: c.position });
          dragging ||= c.dragging === true;
        } else if (c.type === 'select') {
          selection ??= [...store.getState().selection.nodes];
          if (c.selected && !selection.includes(c.id)) selection.push(c.id);
          if (!c.selected) selection = selection.filter((id) => id !== c.id);
        } else if (c.type === 'dimensions' && c.dimensions) {
          sizes[c.id] = c.dimensions;
        }
      }
      if (Object.keys(sizes).length > 0) setMeasured((m) => ({ ...m, ...sizes }));
      if (selection) store.getState().select({ nodes: selection });
      if (moves.length > 0) store.getState().apply(moves, { transient: dragging });
    },
    [store],
  );

  const onEdgesChange = useCallback(
    (changes: EdgeChange<GraphEdge>[]) => {
      let selection: string[] | null = null;
      for (const c of changes) {
        if (c.type === 'select') {
          selection ??= [...store.getState().selection.edges];
          if (c.selected && !selection.includes(c.id)) selection.push(c.id);
          if (!c.selected) selection = selection.filter((id) => id !== c.id);
        }
      }
      if (selection) store.getState().select({ edges: selection });
    },
    [store],
  );

  // Deletion arrives here once for nodes and their edges together: one undo step.
  const onDelete = useCallback(
    ({ nodes: gone, edges: goneEdges }: { nodes: FlowNode[]; edges: GraphEdge[] }) => {
      const changes: DocChange[] = [];
      if (gone.length > 0) changes.push({ type: 'remove-nodes', ids: gone.map((n) => n.id) });
      if (goneEdges.length > 0) changes.push({ type: 'remove-edges', ids: goneEdges.map((e) => e.id) });
      store.getState().apply(changes);
    },
    [store],
  );

  const onNodeDragStop = useCallback(() => store.getState().commitTransient(), [store]);

  const onConnect = useCallback(
    (c: Connection) => {
      const edge: DocEdge = {
        from: { node: c.source, port: c.sourceHandle ?? 'out' },
        to: { node: c.target, port: c.targetHandle ?? 'in' },
      };
      store.getState().apply([{ type: 'add-edge', edge }]);
      store.getState().select({ nodes: [], edges: [edgeId(edge)] });
    },
    [store],
  );

  const isValidConnection = useCallback(
    (c: Connection | GraphEdge) => {
      if (c.source === c.target) return false;
      const candidate = edgeId({
        from: { node: c.source, port: c.sourceHandle ?? 'out' },
        to: { node: c.target, port: c.targetHandle ?? 'in' },
      });
      const { doc, nodeTypes } = store.getState();
      const edges = edgesOf(doc);
      if (edges.some((e) => edgeId(e) === candidate)) return false;
      // An input that takes one edge refuses a second; a union's or sql node's takes many.
      const target = nodesOf(doc).find((n) => n.id === c.target);
      const descriptor = target ? nodeTypes[target.type] : undefined;
      const port = c.targetHandle ?? 'in';
      const into = edges.filter((e) => e.to.node === c.target && toPort(e.to) === port).length;
      return !descriptor || acceptsAnotherEdge(descriptor, port, into);
    },
    [store],
  );

  const onDragOver = (event: DragEvent) => {
    if (event.dataTransfer.types.includes(NODE_TYPE_MIME)) {
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
    }
  };

  const onDrop = (event: DragEvent) => {
    const type = event.dataTransfer.getData(NODE_TYPE_MIME);
    if (!type) return;
    event.preventDefault();
    onDropType(type, screenToFlowPosition({ x: event.clientX, y: event.clientY }));
  };

  return (
    <div className="canvas" onDragOver={onDragOver} onDrop={onDrop}>
      <ReactFlow<FlowNode, GraphEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onDelete={onDelete}
        onNodeDragStop={onNodeDragStop}
        onConnect={onConnect}
        isValidConnection={isValidConnection}
        deleteKeyCode={DELETE_KEYS}
        multiSelectionKeyCode={MULTI_SELECT_KEYS}
        fitView={fitOnOpen}
        fitViewOptions={{ maxZoom: 1, padding: 0.2 }}
        minZoom={0.2}
        maxZoom={2}
        defaultEdgeOptions={{ type: 'fields' }}
        aria-label="Pipeline canvas"
      >
        <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} />
        <MiniMap pannable zoomable ariaLabel="Minimap" nodeStrokeWidth={3} style={{ width: 160, height: 110 }} />
        <Controls showInteractive={false} showFitView={false} aria-label="Zoom controls" />
      </ReactFlow>
      {!hasNodes && (
        <div className="canvas__empty" aria-hidden="true">
          <p>Drag a source from the palette to start.</p>
        </div>
      )}
    </div>
  );
}
