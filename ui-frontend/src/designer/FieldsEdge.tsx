import { BaseEdge, type Edge, EdgeLabelRenderer, type EdgeProps, getBezierPath } from '@xyflow/react';
import { memo } from 'react';
import { useCanvasMetrics } from '../hooks/useCanvasMetrics';
import { useDesigner } from '../hooks/useDesigner';
import type { GraphEdge } from '../model/graph';
import { edgeCount, formatCount, formatRate } from '../model/metrics';

type Props = EdgeProps<Edge<GraphEdge['data'], 'fields'>>;

/**
 * An edge with the fields that flow along it (`name: type`), as the backend's check found them,
 * and while the pipeline runs the records that went along it so far and their rate.
 */
export const FieldsEdge = memo(function FieldsEdge(props: Props) {
  const { id, source, target, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, selected, markerEnd } = props;
  const fields = useDesigner((s) => s.validation.fields[source]);
  const count = edgeCount(useCanvasMetrics(), source, target);
  const [path, labelX, labelY] = getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
  const hasFields = fields !== undefined && fields.length > 0;

  return (
    <>
      <BaseEdge id={id} path={path} markerEnd={markerEnd} className={`flow-edge${selected ? ' is-selected' : ''}${count ? ' is-live' : ''}`} />
      {(hasFields || count) && (
        <EdgeLabelRenderer>
          <div
            className={`edge-fields nodrag nopan${selected ? ' is-selected' : ''}`}
            data-testid={`edge-fields-${source}-${target}`}
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
          >
            {count && (
              <div className="edge-count" role="group" data-testid={`edge-count-${source}-${target}`} aria-label={`Records from ${source} to ${target}`}>
                <span className="edge-count__records">{formatCount(count.records)}</span>
                {count.perSecond !== undefined && <span className="edge-count__rate">{formatRate(count.perSecond)}</span>}
              </div>
            )}
            {hasFields && (
              <ul aria-label={`Fields from ${source} to ${target}`}>
                {fields.map((f) => (
                  <li key={f.name}>
                    <span className="edge-fields__name">{f.name}</span>
                    <span className="edge-fields__sep">: </span>
                    <span className="edge-fields__type">{f.type}</span>
                  </li>
                ))}
              </ul>
            )}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
});
