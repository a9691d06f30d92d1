/**
 * Where a part of the page loads on demand (a later stage, the share dialog, an exploration): a
 * short placeholder while its chunk downloads, and, if the download fails (the network cut before
 * the service worker had cached it), a sentence saying so with a button that tries again, in
 * place of a blank page (React unmounts everything up to the nearest error boundary).
 */
import { Component, lazy, Suspense, type ComponentType, type ReactNode } from 'react';
import { FormattedMessage } from 'react-intl';

/** A chunk that did not arrive, with the browser's reason ("Failed to fetch dynamically imported module: …"). */
export class ChunkLoadError extends Error {
  override readonly name = 'ChunkLoadError';
  constructor(cause: unknown) {
    super(cause instanceof Error && cause.message ? cause.message : String(cause), { cause });
  }
}

/** The placeholder: announced politely, in the page's muted text, one line high. */
export function Loading({ what }: { what: string }) {
  return (
    <p className="loading" role="status">
      <FormattedMessage
        id="lazy.loading"
        defaultMessage="Loading {what}…"
        description="Placeholder while a part of the page downloads; what: e.g. this stage, the share dialog."
        values={{ what }}
      />
    </p>
  );
}

interface BoundaryProps {
  /**
   * What is loading, in words (a message in the page's language): "this stage", "the share
   * dialog". Its first letter is capitalised where it starts the sentence of a failure.
   */
  what: string;
  /** Draws the part; called again on "Try again", so a fresh lazy component can be handed out. */
  render: () => ReactNode;
  /** What to show while loading; the Loading line by default, null for nothing. */
  fallback?: ReactNode;
  /** Called by "Try again" before drawing anew: the part's LazyPart.retry. */
  onRetry?: () => void;
}

export class LoadBoundary extends Component<BoundaryProps, { error: unknown }> {
  override state: { error: unknown } = { error: null };

  static getDerivedStateFromError(error: unknown): { error: unknown } {
    return { error };
  }

  override render() {
    const { what, render, fallback } = this.props;
    const { error } = this.state;
    // Only a missing chunk is this boundary's to report; any other error goes on up, as it
    // would without the boundary, rather than being passed off as a network problem.
    if (error !== null && !(error instanceof ChunkLoadError)) throw error;
    if (error !== null)
      return (
        <div className="alert" role="alert">
          <p>
            <FormattedMessage
              id="lazy.failed"
              defaultMessage="{what} could not be loaded ({reason}). Check the connection, then try again."
              description="A part of the page did not download. what: e.g. The share dialog, This stage (first letter capitalised); reason: the browser's own message, in English."
              values={{ what: `${what[0]?.toUpperCase() ?? ''}${what.slice(1)}`, reason: error.message }}
            />
          </p>
          <button
            type="button"
            onClick={() => {
              this.props.onRetry?.();
              this.setState({ error: null });
            }}
          >
            <FormattedMessage
              id="lazy.retry"
              defaultMessage="Try again"
              description="Button that downloads a part of the page again after it failed."
            />
          </button>
        </div>
      );
    return (
      <Suspense fallback={fallback === undefined ? <Loading what={what} /> : fallback}>{render()}</Suspense>
    );
  }
}

/** A component whose code is a chunk of its own: see lazyPart. */
export interface LazyPart<P> {
  /** Starts loading the chunk without drawing anything; failures are left to the next view(). */
  preload(): void;
  /** The component to draw: the loaded one itself, or a React.lazy wrapper while it loads. */
  view(): ComponentType<P>;
  /**
   * Forgets the load in flight, if any, and the view handed out, so the next view() asks the
   * network again: "Try again" must not wait on a preload that began while the network was down.
   */
  retry(): void;
}

/**
 * One lazily loaded component, with the rules every such part of the page follows:
 * - the load is kept, so a preload and the drawn view share one request;
 * - a view is handed out once and then kept, so a part on screen is never remounted (its sliders
 *   and panels keep their state);
 * - one that finished loading before it was first drawn (the preload) is handed out as the
 *   component itself, since a lazy wrapper would show the placeholder for a frame even though
 *   the code is there;
 * - a failed load is forgotten with its lazy view (React keeps a lazy component's failure for
 *   good), and "Try again" also forgets one still in flight (retry), so it asks the network again.
 */
export function lazyPart<P>(load: () => Promise<ComponentType<P>>): LazyPart<P> {
  let loading: Promise<ComponentType<P>> | null = null;
  let handedOut: ComponentType<P> | null = null;
  const start = () => {
    if (loading) return loading;
    const promise = load().catch((cause: unknown) => {
      throw new ChunkLoadError(cause);
    });
    loading = promise;
    // Only the current load updates the state: one forgotten by retry() settles unheard.
    promise.then(
      (component) => {
        if (loading === promise) handedOut ??= component;
      },
      () => {
        if (loading !== promise) return;
        loading = null;
        handedOut = null;
      },
    );
    return promise;
  };
  return {
    preload: () => void start().catch(() => undefined),
    view: () => (handedOut ??= lazy(() => start().then((component) => ({ default: component })))),
    retry: () => {
      loading = null;
      handedOut = null;
    },
  };
}
