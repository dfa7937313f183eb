import '@fontsource/source-sans-3/latin-300.css';
import '@fontsource/source-sans-3/latin-400.css';
import '@fontsource/source-sans-3/latin-600.css';
import './styles.css';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router-dom';
import { SuomifiThemeProvider } from 'suomifi-ui-components';
import { ApiError, connectApi } from './api/client';
import { App } from './App';
import { SessionProvider } from './auth/session';
import { I18nProvider } from './i18n/i18n';

const queries = new QueryClient({
  defaultOptions: {
    queries: {
      // A refused request (4xx) will not change by asking again; a 503 may.
      retry: (count, error) => count < 2 && (!(error instanceof ApiError) || error.status >= 500),
      staleTime: 5_000,
    },
  },
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <SuomifiThemeProvider theme={{}}>
      <QueryClientProvider client={queries}>
        <I18nProvider
          onChange={(language) => {
            // The API answers in the console's language: messages, workflow texts, refusals.
            connectApi({ language });
            void queries.invalidateQueries();
          }}
        >
          <SessionProvider>
            <BrowserRouter basename="/app">
              <App />
            </BrowserRouter>
          </SessionProvider>
        </I18nProvider>
      </QueryClientProvider>
    </SuomifiThemeProvider>
  </StrictMode>,
);
