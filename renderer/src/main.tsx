import '@fontsource/inter/400.css';
import '@fontsource/inter/600.css';
import '@fontsource/inter/700.css';
import '@fontsource/noto-sans-arabic/400.css';
import '@fontsource/noto-sans-arabic/600.css';
import './styles/app.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { getApi } from './api';
import { App } from './App';
import { startI18n } from './i18n';

async function boot(): Promise<void> {
  const root = createRoot(document.getElementById('root')!);
  try {
    const api = getApi();
    const preferences = await api.prefs.get();
    await startI18n(preferences.locale);
    root.render(
      <StrictMode>
        <App initialPreferences={preferences} />
      </StrictMode>,
    );
  } catch (error) {
    // Before i18n exists there is no catalogue to speak from; say what failed, plainly.
    root.render(<pre role="alert">{error instanceof Error ? error.message : String(error)}</pre>);
  }
}

void boot();
