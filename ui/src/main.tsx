import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Root } from './Root';
import { applyTheme, rememberedTheme } from './settings/theme';
import { suppressBrowserMenu } from './widgets/contextMenu';
import './styles/app.css';

async function start() {
  // Only a dev server opened in a plain browser lacks Tauri; production builds drop this branch.
  if (import.meta.env.DEV && !('__TAURI_INTERNALS__' in window)) {
    const { installBrowserBackend } = await import('./fake/browser');
    installBrowserBackend();
  }
  suppressBrowserMenu();
  // The first frame in the theme of the last run; the store's setting follows in a moment.
  applyTheme(rememberedTheme());
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <Root />
    </StrictMode>,
  );
}

void start();
