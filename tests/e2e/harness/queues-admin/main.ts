/*
 * Temporary test harness: the Queues screen on its own, with the real store, sign-in and hub link, until the
 * admin console shell (another engineer's work) mounts it. Built by tests/e2e/queues-admin.test.ts with
 * Vite and served by a real hub as its renderer.
 */
import { createElement, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Provider } from 'react-redux';
import { connectHub } from '../../../../renderer/app/hubClient';
import { useAppSelector } from '../../../../renderer/app/hooks';
import { createAppStore } from '../../../../renderer/app/store';
import { QueuesAdmin } from '../../../../renderer/features/admin/queues/QueuesAdmin';
import { SignIn } from '../../../../renderer/features/session/SignIn';
import '../../../../renderer/styles.css';

const store = createAppStore({ link: { current: null }, connect: connectHub, fetch: (...args) => window.fetch(...args) });

function Harness() {
  const session = useAppSelector((s) => s.session.session);
  return session ? createElement(QueuesAdmin) : createElement(SignIn);
}

const container = document.getElementById('root');
if (!container) throw new Error('no #root');
createRoot(container).render(createElement(StrictMode, null, createElement(Provider, { store, children: createElement(Harness) })));
