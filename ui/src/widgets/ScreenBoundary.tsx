import { Component, type ReactNode } from 'react';

interface Props {
  /** The screen's name, for the message. */
  what: string;
  onBack: () => void;
  children: ReactNode;
}

/**
 * Keeps a screen that fails to load or draw (a chunk that cannot be fetched, a library that
 * throws) from blanking the whole window: the top bar stays, and this says what failed with a
 * way back.
 */
export class ScreenBoundary extends Component<Props, { error: Error | null }> {
  override state = { error: null as Error | null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <main className="screen" aria-label={this.props.what}>
        <div role="alert" className="error-panel">
          <p>
            The {this.props.what.toLowerCase()} screen could not be shown: {this.state.error.message}
          </p>
          <button type="button" onClick={this.props.onBack}>
            Back to customers
          </button>
        </div>
      </main>
    );
  }
}
