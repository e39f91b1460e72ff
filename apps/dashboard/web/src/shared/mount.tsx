import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ReactNode, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiError } from './api';
import './styles.css';

/** Renders an app (the dashboard's, the portal's) into #root with the query defaults both use. */
export function mount(app: ReactNode): void {
  const queryClient = new QueryClient({
    defaultOptions: {
      queries: {
        // A 4xx will not change by asking again; a service that is briefly down may.
        retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
        staleTime: 5_000,
        refetchOnWindowFocus: true,
      },
    },
  });
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>{app}</QueryClientProvider>
    </StrictMode>,
  );
}
