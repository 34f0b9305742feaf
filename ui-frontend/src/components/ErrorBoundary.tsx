import { Component, type ErrorInfo, type ReactNode } from 'react';

interface State {
  error: Error | null;
}

/** Shows a bug in the UI as a message with a way back, instead of a blank page. */
export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  componentDidCatch(error: Error, info: ErrorInfo) {
    // Keep the details where a developer looks; the page shows the message.
    console.error('Sluice UI failed to render', error, info.componentStack);
  }

  render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <main className="page">
        <h1>Something went wrong in the page</h1>
        <div className="notice notice--error" role="alert">
          <div className="notice__text">
            <strong>{error.name}</strong>
            <p>{error.message}</p>
          </div>
        </div>
        <p>
          <a href="/">Back to the pipelines</a> (unsaved changes in the designer are lost).
        </p>
      </main>
    );
  }
}
