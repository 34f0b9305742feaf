import { useCanEdit } from "../auth/session";
import { ReactFlowProvider, useReactFlow } from "@xyflow/react";
import { useCallback, useRef, useState } from "react";
import { Link } from "../components/Link";
import { ProblemNotice } from "../components/ProblemNotice";
import { Canvas } from "../designer/Canvas";
import { HistoryDialog } from "../designer/HistoryDialog";
import { ScheduleDialog } from "../designer/ScheduleDialog";
import { NodeSettings } from "../designer/NodeSettings";
import { Palette } from "../designer/Palette";
import { ProblemsPanel } from "../designer/ProblemsPanel";
import { RunControls } from "../designer/RunControls";
import { SaveDialog } from "../designer/SaveDialog";
import { useDesigner } from "../hooks/useDesigner";
import { useDesignerShortcuts } from "../hooks/useDesignerShortcuts";
import { useDesignerStore } from "../hooks/useDesignerStore";
import { useLiveMetrics } from "../hooks/useLiveMetrics";
import { useDirty } from "../hooks/useDirty";
import { useLeaveGuard } from "../hooks/useLeaveGuard";
import { useSaveVersion } from "../hooks/useSaveVersion";
import { nodesOf } from "../model/document";
import { newNodeId } from "../model/ids";
import { isActive } from "../model/metrics";
import { dashboardPath } from "../router/router";
import { DesignerStoreContext, useDesignerStoreApi } from "../store/context";
import { deadLettersPath } from "../router/router";
import { redo, undo } from "../store/history";
import { LiveMetricsContext } from "../store/liveMetricsContext";
import { PreviewPanel } from "../designer/PreviewPanel";
import { usePreview } from "../hooks/usePreview";

const LEAVE_QUESTION =
  "This pipeline has unsaved changes. Leave without saving?";
const NODE_SIZE = { width: 200, height: 64 };

/** The designer of one pipeline: palette, canvas, settings, problems, versions and runs. */
export function DesignerPage({ pipelineId }: { pipelineId: string }) {
  const load = useDesignerStore(pipelineId);
  if (load.status === "loading") {
    return (
      <main className="page">
        <p className="muted">Loading pipeline…</p>
      </main>
    );
  }
  if (load.status === "error") {
    return (
      <main className="page">
        <p>
          <Link href="/">← Pipelines</Link>
        </p>
        <h1>Pipeline not available</h1>
        <ProblemNotice error={load.error} />
      </main>
    );
  }
  return (
    <DesignerStoreContext.Provider value={load.store}>
      <ReactFlowProvider>
        <Designer />
      </ReactFlowProvider>
    </DesignerStoreContext.Provider>
  );
}

function Designer() {
  const store = useDesignerStoreApi();
  const pipelineId = useDesigner((s) => s.pipelineId);
  const name = useDesigner((s) => s.name);
  const baseVersion = useDesigner((s) => s.baseVersion);
  const canUndo = useDesigner((s) => s.history.past.length > 0);
  const canRedo = useDesigner((s) => s.history.future.length > 0);
  const dirty = useDirty();
  const saver = useSaveVersion();
  const canEdit = useCanEdit();
  const [dialog, setDialog] = useState<"save" | "history" | "schedule" | null>(
    null,
  );
  const { fitView, screenToFlowPosition } = useReactFlow();
  const canvasRef = useRef<HTMLDivElement>(null);
  const { live } = useLiveMetrics(pipelineId);
  const running = live?.metrics && isActive(live.state) ? live.metrics : null;
  const preview = usePreview();
  const [previewOpen, setPreviewOpen] = useState(false);

  useLeaveGuard(dirty ? LEAVE_QUESTION : null);

  const quickSave = useCallback(async () => {
    if (!(await saver.save(""))) setDialog("save");
  }, [saver]);
  useDesignerShortcuts(quickSave);

  const addNode = useCallback(
    (type: string, at?: { x: number; y: number }) => {
      const state = store.getState();
      const descriptor = state.nodeTypes[type];
      if (!descriptor) return;
      const nodes = nodesOf(state.doc);
      const id = newNodeId(type, nodes);
      let position = at
        ? insideView({
            x: at.x - NODE_SIZE.width / 2,
            y: at.y - NODE_SIZE.height / 2,
          })
        : viewCenter();
      // Keyboard additions land in the middle; step aside from nodes already there.
      if (!at) {
        const taken = (p: { x: number; y: number }) =>
          nodes.some((n) => {
            const q = state.doc.layout?.[n.id];
            return q && Math.abs(q.x - p.x) < 40 && Math.abs(q.y - p.y) < 40;
          });
        while (taken(position))
          position = { x: position.x + 40, y: position.y + 40 };
      }
      state.apply([
        {
          type: "add-node",
          node: { id, type, typeVersion: descriptor.version, config: {} },
          position,
        },
      ]);
      state.select({ nodes: [id], edges: [] });

      // A drop near the edge of the canvas still puts the whole node in view.
      function insideView(p: { x: number; y: number }) {
        const box = canvasRef.current?.getBoundingClientRect();
        if (!box) return p;
        const margin = 12;
        const min = screenToFlowPosition({
          x: box.left + margin,
          y: box.top + margin,
        });
        const max = screenToFlowPosition({
          x: box.right - margin,
          y: box.bottom - margin,
        });
        return {
          x: Math.max(min.x, Math.min(p.x, max.x - NODE_SIZE.width)),
          y: Math.max(min.y, Math.min(p.y, max.y - NODE_SIZE.height)),
        };
      }

      function viewCenter() {
        const box = canvasRef.current?.getBoundingClientRect();
        const center = box
          ? screenToFlowPosition({
              x: box.left + box.width / 2,
              y: box.top + box.height / 2,
            })
          : { x: 0, y: 0 };
        return {
          x: center.x - NODE_SIZE.width / 2,
          y: center.y - NODE_SIZE.height / 2,
        };
      }
    },
    [store, screenToFlowPosition],
  );

  return (
    <div className="designer">
      <header className="designer__header">
        <div className="designer__title">
          <Link href="/" className="breadcrumb">
            Pipelines
          </Link>
          <span className="breadcrumb__sep" aria-hidden="true">
            /
          </span>
          <h1>{name}</h1>
          <span className="muted small">v{baseVersion}</span>
          {dirty && (
            <span className="dirty-mark">
              <span className="dirty-mark__dot" aria-hidden="true" />
              Unsaved changes
            </span>
          )}
        </div>
        <div className="designer__actions">
          <Link href={dashboardPath(pipelineId)} className="button">
            Dashboard
          </Link>
          <button
            type="button"
            className="button"
            onClick={() => setDialog("history")}
          >
            History
          </button>
          <button
            type="button"
            className="button"
            onClick={() => setDialog("schedule")}
          >
            Schedule
          </button>
          <Link href={deadLettersPath(pipelineId)} className="button">
            Dead letters
          </Link>
          <button
            type="button"
            className="button button--primary"
            onClick={() => setDialog("save")}
            disabled={saver.busy || !canEdit}
            title={canEdit ? undefined : "Viewers cannot save"}
            aria-keyshortcuts="Control+S Meta+S"
          >
            Save
          </button>
        </div>
      </header>

      <div className="designer__body">
        <Palette onAdd={addNode} />
        <div className={`designer__center${previewOpen ? ' has-preview' : ''}`}>
          <div className="canvas-toolbar" role="toolbar" aria-label="Canvas">
            <div className="canvas-toolbar__group">
              <button
                type="button"
                className="button button--small"
                onClick={() => undo(store)}
                disabled={!canUndo}
                title="Undo (Ctrl+Z)"
                aria-keyshortcuts="Control+Z Meta+Z"
              >
                Undo
              </button>
              <button
                type="button"
                className="button button--small"
                onClick={() => redo(store)}
                disabled={!canRedo}
                title="Redo (Ctrl+Shift+Z)"
                aria-keyshortcuts="Control+Shift+Z Meta+Shift+Z"
              >
                Redo
              </button>
              <button
                type="button"
                className="button button--small"
                onClick={() =>
                  void fitView({ duration: 250, maxZoom: 1, padding: 0.2 })
                }
              >
                Fit view
              </button>
            </div>
            <div className="canvas-toolbar__group">
              <button
                type="button"
                className="button button--small"
                disabled={preview.busy}
                title="Run the pipeline on a sample, writing nowhere"
                onClick={() => {
                  setPreviewOpen(true);
                  void preview.run(store.getState().doc, pipelineId);
                }}
              >
                {preview.busy ? 'Previewing…' : 'Preview'}
              </button>
              <RunControls dirty={dirty} />
            </div>
          </div>
          <div className="designer__canvas" ref={canvasRef}>
            <LiveMetricsContext.Provider value={running}>
              <Canvas onDropType={addNode} />
            </LiveMetricsContext.Provider>
          </div>
          {previewOpen && <PreviewPanel preview={preview} onClose={() => setPreviewOpen(false)} />}
          <ProblemsPanel />
        </div>
        <NodeSettings />
      </div>

      {dialog === "save" && (
        <SaveDialog
          saver={saver}
          onClose={() => {
            saver.reset();
            setDialog(null);
          }}
        />
      )}
      {dialog === "history" && (
        <HistoryDialog onClose={() => setDialog(null)} />
      )}
      {dialog === "schedule" && (
        <ScheduleDialog onClose={() => setDialog(null)} />
      )}
    </div>
  );
}
