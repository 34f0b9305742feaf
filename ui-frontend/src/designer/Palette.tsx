import { type DragEvent, memo, useMemo, useState } from 'react';
import type { NodeTypeDescriptor } from '../api/types';
import { useDesigner } from '../hooks/useDesigner';
import { NODE_TYPE_MIME } from './dnd';
import { RoleIcon } from './RoleIcon';
import { ROLE_HEADING, ROLE_ORDER, groupNodeTypes } from './roles';

/**
 * The node types to add: drag one onto the canvas, or focus it and press Enter (or click) to add
 * it in the middle of the view.
 */
export const Palette = memo(function Palette({ onAdd }: { onAdd: (type: string) => void }) {
  const nodeTypes = useDesigner((s) => s.nodeTypes);
  const [search, setSearch] = useState('');
  const groups = useMemo(() => groupNodeTypes(Object.values(nodeTypes), search), [nodeTypes, search]);
  const empty = ROLE_ORDER.every((r) => groups[r].length === 0);

  return (
    <section className="palette" aria-label="Palette">
      <div className="panel-title">Palette</div>
      <input
        type="search"
        className="input input--search input--small"
        placeholder="Search node types"
        aria-label="Search node types"
        value={search}
        onChange={(e) => setSearch(e.target.value)}
      />
      <div className="palette__groups">
        {ROLE_ORDER.map((role) =>
          groups[role].length === 0 ? null : (
            <div key={role} className="palette__group" role="group" aria-labelledby={`palette-${role}`}>
              <h2 id={`palette-${role}`} className="palette__heading">
                {ROLE_HEADING[role]}
              </h2>
              <ul className="palette__list">
                {groups[role].map((t) => (
                  <li key={t.type}>
                    <PaletteItem descriptor={t} onAdd={onAdd} />
                  </li>
                ))}
              </ul>
            </div>
          ),
        )}
        {empty && <p className="muted small">No node type matches “{search}”.</p>}
      </div>
      <p className="palette__hint muted small">Drag onto the canvas, or focus and press Enter.</p>
    </section>
  );
});

function PaletteItem({ descriptor, onAdd }: { descriptor: NodeTypeDescriptor; onAdd: (type: string) => void }) {
  const onDragStart = (event: DragEvent<HTMLButtonElement>) => {
    event.dataTransfer.setData(NODE_TYPE_MIME, descriptor.type);
    event.dataTransfer.setData('text/plain', descriptor.type);
    event.dataTransfer.effectAllowed = 'copy';
  };
  return (
    <button
      type="button"
      className={`palette-item palette-item--${descriptor.role}`}
      draggable
      data-node-type={descriptor.type}
      title={descriptor.description}
      onDragStart={onDragStart}
      onClick={() => onAdd(descriptor.type)}
    >
      <RoleIcon role={descriptor.role} />
      <span className="palette-item__label">{descriptor.title}</span>
    </button>
  );
}
