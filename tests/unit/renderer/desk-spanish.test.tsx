// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { Provider } from 'react-redux';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { App } from '../../../renderer/app/App';
import { formatClock } from '../../../renderer/common/time';
import { ConversationView } from '../../../renderer/features/conversation/ConversationView';
import { OfferToast } from '../../../renderer/features/offers/OfferToast';
import { sessionResumed } from '../../../renderer/features/session/sessionSlice';
import { Worklist } from '../../../renderer/features/worklist/Worklist';
import { conversationSelected } from '../../../renderer/features/worklist/worklistSlice';
import { i18n, LANGUAGE_STORAGE_KEY } from '../../../renderer/i18n';
import { agent, conversation, customer, fakeHub, message, offer, ok, session } from '../../support/fakeHub';

const queueRow = {
  queue: {
    id: 'support',
    name: 'Support',
    channels: ['chat'],
    skills: {},
    slaSeconds: 60,
    priority: 0,
    slTargetPercent: 80,
    shortAbandonSeconds: 5,
  },
  stats: {
    queueId: 'support',
    waiting: 1234,
    oldestWaitingSince: null,
    offered: 0,
    active: 1,
    agentsAvailable: 0,
    agentsBusy: 1,
    agentsAway: 0,
  },
  eligible: true,
};

function setup() {
  const hub = fakeHub({
    'session/me': ok({ agent, dispositions: ['resolved'] }),
    'queue/list': ok([queueRow]),
    'conversation/mine': ok({ conversations: [conversation()], offers: [] }),
    'conversation/get': ok({
      conversation: conversation(),
      customer,
      messages: [
        message({ bodyText: 'mi paquete no llega', createdAt: Date.now() - 60_000 }),
        message({ bodyText: 'The visitor ended the chat.', meta: { system: 'ended', visitorId: 4 } }),
      ],
    }),
    'chat/read': ok({ marked: 0 }),
  });
  hub.store.dispatch(sessionResumed(session));
  hub.status('connected');
  hub.store.dispatch(conversationSelected(11));
  const wrap = (ui: ReactNode) => render(<Provider store={hub.store}>{ui}</Provider>);
  return { hub, wrap };
}

beforeEach(async () => {
  localStorage.clear();
  await i18n.changeLanguage('es');
});
afterEach(async () => {
  cleanup();
  await i18n.changeLanguage('en');
});

describe('the desk in Spanish', () => {
  it('shows the work list, the offer and the conversation in Spanish, with Spanish plurals', async () => {
    const { hub, wrap } = setup();
    wrap(
      <>
        <OfferToast />
        <Worklist />
        <ConversationView />
      </>,
    );
    await screen.findByRole('heading', { name: 'Mi trabajo' });
    expect(screen.getByLabelText('1 conversación')).toBeTruthy();
    // The visitor left: the system line, the pill, the composer's reason and the buttons all in Spanish.
    const log = await screen.findByRole('list', { name: 'Mensajes' });
    expect(within(log).getAllByRole('listitem').at(-1)!.textContent).toMatch(/^El visitante finalizó el chat · /);
    expect(screen.getByText('el visitante salió')).toBeTruthy();
    expect(screen.getByText('El visitante salió')).toBeTruthy();
    expect(screen.getByRole('radio', { name: 'Nota interna' }).getAttribute('aria-checked')).toBe('true');
    expect(screen.getByRole('button', { name: 'Finalizar' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Transferir' })).toBeTruthy();
    expect(document.querySelector('.composer-closed-reason')?.textContent).toMatch(
      /^El visitante finalizó el chat a las .*; las respuestas ya no le llegan\. Añada una nota o finalice la conversación\.$/,
    );

    act(() => hub.push('offer/new', offer({ offerId: 'offer-2', conversationId: 12 })));
    const toast = await screen.findByRole('alertdialog');
    expect(within(toast).getByRole('button', { name: /^Aceptar/ })).toBeTruthy();
    expect(within(toast).getByRole('button', { name: /^Rechazar/ })).toBeTruthy();
    expect(within(toast).getByText('Cola')).toBeTruthy();
    expect(within(toast).getByText('En espera')).toBeTruthy();
    expect(within(toast).getByLabelText(/^\d+ segundos para responder$/)).toBeTruthy();
    expect(screen.queryByText('Accept')).toBeNull();
  });

  it('switches language from the account menu without a reload, remembers it and sets <html lang>', async () => {
    await i18n.changeLanguage('en');
    const { wrap } = setup();
    wrap(<App />);
    await screen.findByRole('heading', { name: 'My work' });
    expect(document.documentElement.lang).toBe('en');
    // Something typed before the switch must survive it (nothing remounts).
    const box = await screen.findByRole<HTMLTextAreaElement>('textbox', { name: /Internal note/ });
    fireEvent.change(box, { target: { value: 'nota a medias' } });

    fireEvent.click(screen.getByRole('button', { name: agent.displayName }));
    const menu = screen.getByRole('menu', { name: 'Your account' });
    expect(within(menu).getByRole('menuitemradio', { name: 'English' }).getAttribute('aria-checked')).toBe('true');
    fireEvent.click(within(menu).getByRole('menuitemradio', { name: 'Español' }));

    await screen.findByRole('heading', { name: 'Mi trabajo' });
    expect(screen.getByRole('heading', { name: 'Colas' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Cerrar sesión' })).toBeTruthy();
    expect(screen.getByRole('navigation', { name: 'Trabajo y colas' })).toBeTruthy();
    // Numbers shown are formatted for the language: 1234 waiting reads "1234" in Spanish (no grouping under 10 000).
    expect(screen.getByLabelText('1234 en espera en sus colas')).toBeTruthy();
    expect(document.documentElement.lang).toBe('es');
    expect(localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBe('es');
    expect(screen.getByRole<HTMLTextAreaElement>('textbox', { name: /Nota interna/ }).value).toBe('nota a medias');

    fireEvent.click(screen.getByRole('button', { name: agent.displayName }));
    fireEvent.click(within(screen.getByRole('menu', { name: 'Su cuenta' })).getByRole('menuitemradio', { name: 'English' }));
    await screen.findByRole('heading', { name: 'My work' });
    expect(screen.getByLabelText('1,234 waiting in your queues')).toBeTruthy();
    expect(document.documentElement.lang).toBe('en');
    expect(localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBe('en');
  });

  it('formats message times for the language in use', async () => {
    const at = Date.UTC(2026, 11, 3, 15, 5);
    await i18n.changeLanguage('en');
    const english = formatClock(at);
    await i18n.changeLanguage('es');
    const spanish = formatClock(at);
    expect(english).toMatch(/PM|AM/);
    expect(spanish).not.toMatch(/PM|AM/);
    expect(spanish).toBe(new Intl.DateTimeFormat('es', { hour: '2-digit', minute: '2-digit' }).format(at));
  });
});
