import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Provider } from 'react-redux';
import { App } from './app/App';
import { connectHub } from './app/hubClient';
import { createAppStore } from './app/store';
import { loadStoredSession, sessionResumed } from './features/session/sessionSlice';
import './styles.css';

const store = createAppStore({ link: { current: null }, connect: connectHub, fetch: (...args) => window.fetch(...args) });
const remembered = loadStoredSession(Date.now());
if (remembered) store.dispatch(sessionResumed(remembered));

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root');
createRoot(container).render(
  <StrictMode>
    <Provider store={store}>
      <App />
    </Provider>
  </StrictMode>,
);
