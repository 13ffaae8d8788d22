import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { App } from './App';
import { createQueryClient } from './queries/client';
import { ToastProvider } from './widgets/Toasts';

/** The app with its providers; tests render this with a fresh query client each time. */
export function Root({ client }: { client?: QueryClient }) {
  const [queryClient] = useState(() => client ?? createQueryClient());
  return (
    <QueryClientProvider client={queryClient}>
      <ToastProvider>
        <App />
      </ToastProvider>
    </QueryClientProvider>
  );
}
