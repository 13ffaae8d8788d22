import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { Fragment, useLayoutEffect, useState, type ReactNode } from 'react';
import { App } from './App';
import { DeskGate } from './desk/DeskGate';
import { DEFAULT_REGION, setDeskRegion } from './format';
import { createQueryClient } from './queries/client';
import { useDeskSettings } from './settings/queries';
import { applyTheme } from './settings/theme';
import { ToastProvider } from './widgets/Toasts';

/** The app with its providers; tests render this with a fresh query client each time. */
export function Root({ client }: { client?: QueryClient }) {
  const [queryClient] = useState(() => client ?? createQueryClient());
  return (
    <QueryClientProvider client={queryClient}>
      <ToastProvider>
        <WithDeskSettings>
          <DeskGate>
            <App />
          </DeskGate>
        </WithDeskSettings>
      </ToastProvider>
    </QueryClientProvider>
  );
}

/**
 * Shows the app once the desk's settings are read (a local read, a few milliseconds), so that
 * no date is first written the wrong way round. A new region re-renders every date: the app
 * is mounted again under it (the settings are changed rarely, and from a dialog of their own).
 */
function WithDeskSettings({ children }: { children: ReactNode }) {
  const settings = useDeskSettings();
  const theme = settings.data?.theme;
  useLayoutEffect(() => {
    if (theme) applyTheme(theme);
  }, [theme]);
  if (settings.isPending) return null;
  // Unreadable settings must not keep the desk from starting: the defaults serve.
  const region = settings.data?.region ?? DEFAULT_REGION;
  // Set while rendering, not in an effect: the dates below are written in this same render.
  setDeskRegion(region);
  return <Fragment key={region}>{children}</Fragment>;
}
