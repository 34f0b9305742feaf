/**
 * The wire types of Sluice's REST API (see docs/api.md and /api/openapi.json). Only what the UI
 * reads is typed; anything else the server sends is carried along untouched.
 */

export type NodeRole = 'source' | 'transform' | 'sink';

export type FieldKind =
  | 'string'
  | 'text'
  | 'integer'
  | 'number'
  | 'boolean'
  | 'enum'
  | 'duration'
  | 'expression'
  | 'string-list';

export interface ConfigFieldDescriptor {
  name: string;
  label: string;
  kind: FieldKind;
  required: boolean;
  defaultValue?: unknown;
  allowedValues?: string[];
  secret: boolean;
  help?: string;
  group?: string;
  min?: number;
  max?: number;
  /** For a field that names a stored connection: the kind it takes (postgres, kafka, s3). */
  connectionKind?: string;
  /** The value names fields of the node's input; the form offers their names. */
  inputFields?: boolean;
}

/** A stored connection as the API shows it: each secret field as `{ set: boolean }`. */
export interface Connection {
  name: string;
  kind: string;
  description: string;
  config: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

export interface ConnectionKindDescriptor {
  name: string;
  title: string;
  fields: ConfigFieldDescriptor[];
}

export interface PortSpec {
  name: string;
  label: string;
  /** Input ports only: several edges may end here (a union, a SQL query over several inputs). */
  multiple?: boolean;
}

export interface NodeTypeDescriptor {
  type: string;
  version: number;
  role: NodeRole;
  title: string;
  description: string;
  inputs: PortSpec[];
  outputs: PortSpec[];
  fields: ConfigFieldDescriptor[];
  /** The string-list config field whose `port: …` entries add output ports (a route's branches). */
  outputPortsField?: string;
  /** Whether `POST /api/node-types/{type}/check` can check a node's connection. */
  connectionCheck?: boolean;
}

/** The answer of a connection check that ran: `ok` false with a message when it failed. */
export interface ConnectionCheckResult {
  ok: boolean;
  message: string;
  details: Record<string, unknown>;
}

/** One problem of a document: `{nodeId?, field?, code, message}`. */
export interface Problem {
  nodeId?: string;
  field?: string;
  code: string;
  message: string;
}

export type FieldType = 'string' | 'long' | 'double' | 'decimal' | 'boolean' | 'date' | 'timestamp';

export interface FieldView {
  name: string;
  type: FieldType | string;
}

export interface ValidationResult {
  valid: boolean;
  problems: Problem[];
  /** The fields flowing out of each node, by node id; only when the pipeline is valid. */
  fields?: Record<string, FieldView[]>;
}

export type RunState = 'starting' | 'running' | 'stopping' | 'stopped' | 'failed' | 'finished' | 'lost';

export interface RunSummary {
  id: string;
  state: RunState;
  failure?: string;
}

export interface Run extends RunSummary {
  pipelineId: string;
  version: number;
  desiredRunning?: boolean;
  createdAt?: string;
  updatedAt?: string;
  endedAt?: string;
  /** The backend whose engine runs it. */
  owner?: string;
  scheduleId?: string;
}

/** A run a schedule started, with the records it read and delivered by its newest metrics sample. */
export interface ScheduledRun extends Run {
  recordsIn?: number | null;
  recordsOut?: number | null;
}

/** `GET /schedule/next`: fire times in UTC (`at`) and in the zone (`local`). */
export interface FireTimes {
  kind: string;
  description?: string;
  timeZone: string;
  fireTimes: { at: string; local: string }[];
}

export interface PipelineSummary {
  id: string;
  name: string;
  description?: string;
  latestVersion: number;
  createdAt?: string;
  updatedAt?: string;
  /** The newest run, when the server sends it. */
  latestRun?: RunSummary | null;
}

export interface VersionInfo {
  number: number;
  author?: string;
  message?: string;
  createdAt?: string;
}

export interface Version<D = unknown> extends VersionInfo {
  document: D;
}

export interface Pipeline<D = unknown> extends PipelineSummary {
  version: Version<D>;
  validation?: ValidationResult;
}

/** An RFC 9457 problem document. */
export interface ProblemDocument {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  instance?: string;
  errors?: Problem[];
  currentVersion?: number;
  baseVersion?: number;
  incident?: string;
  [extension: string]: unknown;
}

export type ScheduleKind = 'continuous' | 'cron' | 'backfill';

export type ScheduleStatus = 'active' | 'needs-attention' | 'done';

/** A pipeline's schedule: the kind's settings sit flat beside `kind`, as a request writes them. */
export interface Schedule {
  id: string;
  pipelineId: string;
  kind: ScheduleKind;
  description?: string;
  paused: boolean;
  status: ScheduleStatus;
  attention?: string;
  lastFireAt?: string;
  /** The next fire times, instants in UTC. */
  nextFireTimes?: string[];
  cron?: string;
  timeZone?: string;
  runFor?: string;
  stopWhenIdle?: string;
  maxFailures?: number;
  failureWindow?: string;
  initialBackoff?: string;
  maxBackoff?: string;
  [setting: string]: unknown;
}

/** The body of POST and PUT `/api/pipelines/{id}/schedule`. */
export interface ScheduleRequest {
  kind: ScheduleKind;
  [setting: string]: unknown;
}

/**
 * One node's newest metrics (`GET /api/pipelines/{id}/metrics/live`, SSE `metrics`). A value is
 * absent where Flink does not measure it; sources may carry lag fields (`lag…`) once measured.
 */
export interface NodeMetrics {
  nodeId: string;
  kind: string;
  recordsIn?: number;
  recordsOut?: number;
  recordsInPerSecond?: number;
  recordsOutPerSecond?: number;
  bytesIn?: number;
  bytesOut?: number;
  deadLetterRecords?: number;
  skippedRecords?: number;
  busyMsPerSecond?: number;
  backPressuredMsPerSecond?: number;
  [measure: string]: unknown;
}

export interface RunMetrics {
  at: string;
  jobId: string;
  nodes: NodeMetrics[];
  checkpoints: {
    completed?: number;
    failed?: number;
    inProgress?: number;
    lastCompletedAt?: string;
    lastDurationMillis?: number;
    lastSizeBytes?: number;
  };
  restarts?: number;
  uptimeMillis?: number;
  deadLetterRecords?: number;
  [measure: string]: unknown;
}

export interface LiveMetrics {
  pipelineId: string;
  runId?: string;
  state?: RunState;
  metrics?: RunMetrics;
}

/** One node's values over one step of a series (`GET /api/runs/{id}/metrics`). */
export interface NodeSample {
  nodeId: string;
  at: string;
  recordsIn?: number;
  recordsOut?: number;
  recordsInRate?: number;
  recordsOutRate?: number;
  bytesIn?: number;
  bytesOut?: number;
  deadLetter?: number;
  skipped?: number;
  busyMsPerS?: number;
  backPressuredMsPerS?: number;
  /** File sources: files not yet being read, and their bytes (the last value of the step). */
  lagFiles?: number;
  lagBytes?: number;
  /** Kafka sources: records in their partitions not read yet (the last value of the step). */
  lagRecords?: number;
  [measure: string]: unknown;
}

/** A run's job-level values over one step of a series. */
export interface RunSample {
  at: string;
  checkpointsCompleted?: number;
  checkpointsFailed?: number;
  checkpointsInProgress?: number;
  lastCheckpointAt?: string;
  lastCheckpointDurationMs?: number;
  lastCheckpointSizeBytes?: number;
  restarts?: number;
  uptimeMs?: number;
  deadLetter?: number;
  [measure: string]: unknown;
}

export interface MetricsSeries {
  runId: string;
  from: string;
  to: string;
  step: string;
  resolution: string;
  run: RunSample[];
  nodes: Record<string, NodeSample[]>;
}

export interface ThroughputPoint {
  at: string;
  recordsInPerSecond?: number;
  recordsOutPerSecond?: number;
}

/** One pipeline of `GET /api/overview`. */
export interface PipelineOverview {
  id: string;
  name: string;
  description?: string;
  latestVersion: number;
  updatedAt?: string;
  latestRun?: { id: string; state: RunState; failure?: string; version: number; createdAt?: string; endedAt?: string };
  schedule?: { kind: ScheduleKind; status: ScheduleStatus; paused: boolean; attention?: string };
  metrics?: RunMetrics;
  lastCheckpointAt?: string;
  restartsInWindow?: number;
  throughput: ThroughputPoint[];
}

export interface Overview {
  at: string;
  from: string;
  step: string;
  pipelines: PipelineOverview[];
}

/** `POST /api/preview`: the designer's document (or a saved version) run on a sample. */
export interface PreviewRequest {
  document?: unknown;
  /** With `document`: the saved pipeline whose stored secrets stand in for `{ set: true }`. */
  secretsOf?: string;
  pipelineId?: string;
  version?: number;
  /** The most records each source reads (1–10 000, default 100). */
  limit?: number;
  timeoutSeconds?: number;
  /** By file-directory node id: the text of a CSV or JSON-lines file read instead of its directory. */
  samples?: Record<string, string>;
}

/** The records that left one output port in a preview. */
export interface PreviewPort {
  node: string;
  port: string;
  fields: FieldView[];
  /** Values in the order of `fields`; times, dates and decimals as text. */
  rows: unknown[][];
  /** How many records left the port; `rows` holds the first of them. */
  count: number;
}

export interface PreviewDeadLetter {
  node: string;
  source?: string;
  raw: string;
  reason: string;
}

export interface PreviewResult {
  ports: PreviewPort[];
  deadLetters: PreviewDeadLetter[];
  /** The preview stopped early (its timeout); `reason` says why. */
  truncated: boolean;
  reason?: string;
}
