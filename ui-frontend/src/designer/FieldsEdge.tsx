import { BaseEdge, type Edge, EdgeLabelRenderer, type EdgeProps, getBezierPath } from '@xyflow/react';
import { memo } from 'react';
import { useDesigner } from '../hooks/useDesigner';
import type { GraphEdge } from '../model/graph';

type Props = EdgeProps<Edge<GraphEdge['data'], 'fields'>>;

/** An edge with the fields that flow along it (`name: type`), as the backend's check found them. */
export const FieldsEdge = memo(function FieldsEdge(props: Props) {
  const { id, source, target, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, selected, markerEnd } = props;
  const fields = useDesigner((s) => s.validation.fields[source]);
  const [path, labelX, labelY] = getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });

  return (
    <>
      <BaseEdge id={id} path={path} markerEnd={markerEnd} className={selected ? 'flow-edge is-selected' : 'flow-edge'} />
      {fields && fields.length > 0 && (
        <EdgeLabelRenderer>
          <div
            className={`edge-fields nodrag nopan${selected ? ' is-selected' : ''}`}
            data-testid={`edge-fields-${source}-${target}`}
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
          >
            <ul aria-label={`Fields from ${source} to ${target}`}>
              {fields.map((f) => (
                <li key={f.name}>
                  <span className="edge-fields__name">{f.name}</span>
                  <span className="edge-fields__sep">: </span>
                  <span className="edge-fields__type">{f.type}</span>
                </li>
              ))}
            </ul>
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
});
