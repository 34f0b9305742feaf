package io.sluice.executor.engine;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Adds a job's sources, operators and sinks to an environment the {@link Engine} prepared. It must
 * not call {@code execute()}: the engine submits the job. Give every operator a uid (see {@link
 * io.sluice.executor.plan.Uids}), or the job cannot resume from its savepoints.
 *
 * <pre>{@code
 * StreamGraphBuilder job = env -> env.fromSource(source, noWatermarks(), "gen").uid("node/gen/source")
 *     .sinkTo(sink).uid("node/out/sink");
 * }</pre>
 */
@FunctionalInterface
public interface StreamGraphBuilder {

  void build(StreamExecutionEnvironment env) throws Exception;
}
