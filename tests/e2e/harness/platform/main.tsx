import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Provider } from 'react-redux';
import { connectHub } from '../../../../renderer/app/hubClient';
import { createAppStore } from '../../../../renderer/app/store';
import { PlatformAdmin } from '../../../../renderer/features/admin/platform/PlatformAdmin';
import { sessionResumed, StoredSession } from '../../../../renderer/features/session/sessionSlice';
import '../../../../renderer/styles.css';

/*
 * Mounts the platform admin screen alone, signed in with the session the test put in the URL fragment,
 * until the lead wires it into the admin console's shell (which this branch does not edit).
 */
const store = createAppStore({ link: { current: null }, connect: connectHub, fetch: (...args) => window.fetch(...args) });
const session = StoredSession.parse({ ...JSON.parse(decodeURIComponent(location.hash.slice(1))), hubUrl: location.origin });
store.dispatch(sessionResumed(session));
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Provider store={store}>
      <div style={{ height: '100vh', background: 'var(--bg)' }}>
        <PlatformAdmin />
      </div>
    </Provider>
  </StrictMode>,
);
