import { Component, type ReactNode } from 'react';

/** Last line of defence: a rendering bug shows a message, and unsaved ROIs stay in the store. */
export class ErrorBoundary extends Component<{ children: ReactNode }, { error?: Error }> {
  override state: { error?: Error } = {};
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  override render() {
    if (this.state.error) {
      return (
        <main role="alert" className="config-error">
          <h1>Something went wrong in the viewer</h1>
          <p>{this.state.error.message}</p>
          <button onClick={() => this.setState({ error: undefined })}>Try again</button>
        </main>
      );
    }
    return this.props.children;
  }
}
