package io.sluice.executor.compile.guard;

import java.util.List;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.operators.ChainingStrategy;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperatorFactory;
import org.apache.flink.streaming.api.operators.OperatorAttributes;
import org.apache.flink.streaming.api.operators.StreamOperator;
import org.apache.flink.streaming.api.operators.StreamOperatorFactory;
import org.apache.flink.streaming.api.operators.StreamOperatorParameters;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.runtime.tasks.ProcessingTimeService;
import org.apache.flink.streaming.runtime.tasks.ProcessingTimeServiceAware;

/**
 * Creates the planner's operator through its own factory, as Flink would, but hands it a {@link
 * GuardedOutput} and wraps it in a {@link GuardedOperator}, or a {@link NamedFailureOperator} for a
 * two-input operator. Everything Flink asks a factory (chaining strategy, processing-time service,
 * attributes) goes to the planner's factory.
 */
final class GuardedOperatorFactory<IN, OUT>
    implements OneInputStreamOperatorFactory<IN, OUT>, ProcessingTimeServiceAware {
  private static final long serialVersionUID = 1L;

  private final StreamOperatorFactory<OUT> delegate;
  private final ExpressionGuard.Policy policy;
  private final List<RecordJson> inputs;

  /**
   * @param inputs how to write the records of each input, one for a one-input operator, two for a
   *     two-input one
   */
  GuardedOperatorFactory(
      StreamOperatorFactory<OUT> delegate, ExpressionGuard.Policy policy, List<RecordJson> inputs) {
    this.delegate = delegate;
    this.policy = policy;
    this.inputs = List.copyOf(inputs);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T extends StreamOperator<OUT>> T createStreamOperator(
      StreamOperatorParameters<OUT> parameters) {
    GuardedOutput<OUT> output = new GuardedOutput<>(parameters.getOutput());
    StreamOperator<OUT> operator =
        delegate.createStreamOperator(
            new StreamOperatorParameters<>(
                parameters.getContainingTask(),
                parameters.getStreamConfig(),
                output,
                parameters::getProcessingTimeService,
                parameters.getOperatorEventDispatcher(),
                parameters.getMailboxExecutor()));
    if (operator instanceof TwoInputStreamOperator<?, ?, OUT> two) {
      return (T) new NamedFailureOperator<>(two, output, policy, inputs.get(0), inputs.get(1));
    }
    return (T)
        new GuardedOperator<>(
            (OneInputStreamOperator<IN, OUT>) operator,
            output,
            parameters.getOutput(),
            policy,
            inputs.get(0));
  }

  @Override
  public void setProcessingTimeService(ProcessingTimeService processingTimeService) {
    // The planner's factory hands this service to the operator it generates.
    if (delegate instanceof ProcessingTimeServiceAware aware) {
      aware.setProcessingTimeService(processingTimeService);
    }
  }

  @Override
  public void setChainingStrategy(ChainingStrategy strategy) {
    delegate.setChainingStrategy(strategy);
  }

  @Override
  public ChainingStrategy getChainingStrategy() {
    return delegate.getChainingStrategy();
  }

  @Override
  public boolean isOutputTypeConfigurable() {
    return delegate.isOutputTypeConfigurable();
  }

  @Override
  public void setOutputType(TypeInformation<OUT> type, ExecutionConfig executionConfig) {
    delegate.setOutputType(type, executionConfig);
  }

  @Override
  public boolean isInputTypeConfigurable() {
    return delegate.isInputTypeConfigurable();
  }

  @Override
  public void setInputType(TypeInformation<?> type, ExecutionConfig executionConfig) {
    delegate.setInputType(type, executionConfig);
  }

  @Override
  @SuppressWarnings("rawtypes")
  public Class<? extends StreamOperator> getStreamOperatorClass(ClassLoader classLoader) {
    return inputs.size() == 2 ? NamedFailureOperator.class : GuardedOperator.class;
  }

  @Override
  public OperatorAttributes getOperatorAttributes() {
    return delegate.getOperatorAttributes();
  }
}
