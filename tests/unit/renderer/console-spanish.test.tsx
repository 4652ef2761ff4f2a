// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { Provider } from 'react-redux';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Queue, type AdminAgent, type LiveBoard, type WindowFigures } from '../../../services/contracts';
import { AgentsAdmin } from '../../../renderer/features/admin/agents/AgentsAdmin';
import { actionText, detailLines } from '../../../renderer/features/admin/audit/describe';
import { statusText } from '../../../renderer/features/admin/queues/queueDraft';
import { sessionResumed } from '../../../renderer/features/session/sessionSlice';
import { SupervisorConsole } from '../../../renderer/features/supervision/SupervisorConsole';
import { i18n } from '../../../renderer/i18n';
import { agent, fakeHub, ok, session } from '../../support/fakeHub';

/*
 * The supervisor and admin consoles in Spanish: every word comes from the catalogues, the STATUS the hub
 * derives (codes) reads in Spanish, and figures are formatted for the language. English is restored after.
 */
beforeEach(async () => {
  localStorage.clear();
  await i18n.changeLanguage('es');
});
afterEach(async () => {
  cleanup();
  await i18n.changeLanguage('en');
});

const figures = (over: Partial<WindowFigures> = {}): WindowFigures => ({
  arrivals: 10,
  reopened: 0,
  transfersIn: 0,
  transfersOut: 0,
  answered: 8,
  answeredInSl: 7,
  abandoned: 1,
  shortAbandoned: 1,
  serviceLevel: 7 / 9,
  asaMs: 12_000,
  abandonRate: 1 / 9,
  handled: 6,
  ahtMs: 240_000,
  firstResponses: 0,
  frtMs: null,
  ...over,
});

function board(now = Date.now()): LiveBoard {
  return {
    at: now,
    queues: [
      {
        queueId: 'support',
        name: 'Support',
        slaSeconds: 60,
        slTargetPercent: 80,
        waiting: 6,
        oldestWaitingSince: now - 95_000,
        agentsAvailable: 0,
        agentsBusy: 2,
        agentsAway: 1,
        today: figures(),
        last30: figures({ serviceLevel: 0.5 }),
        byChannelToday: [],
        status: { level: 'breach', reasons: ['wait_over_target', 'no_agent_available'], changesAt: null },
        forecast: { queueId: 'support', arrivalsPerHour: 20, ahtSeconds: 80, staffed: 2, predictedServiceLevel: 0, agentsNeeded: 3 },
      },
    ],
    agentsByState: { available: 1, busy: 2, wrap_up: 1, away: 1, away_missed: 0, offline: 4 },
    occupancyToday: { busyMs: 3, idleMs: 1, occupancy: 0.75 },
    series: [],
  };
}

describe('supervisor console in Spanish', () => {
  it('shows the queue board, its STATUS and reasons, and the agent grid in Spanish, with Spanish number formats', async () => {
    const hub = fakeHub({
      'metrics/live': ok(board()),
      'supervisor/agents': ok([
        {
          agent: { ...agent, id: 7, displayName: 'Ana Agente', state: 'away', presence: 'away', missedOffers: 0 },
          conversations: [],
        },
      ]),
    });
    hub.store.dispatch(sessionResumed({ ...session, agent: { ...agent, id: 1, username: 'sue', role: 'supervisor' } }));
    hub.status('connected');
    render(
      <Provider store={hub.store}>
        <SupervisorConsole onDesk={() => undefined} />
      </Provider>,
    );
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Consola de supervisión');
    const support = await screen.findByRole('rowgroup', { name: 'Cola Support' });
    const table = screen.getByRole('table', { name: 'Panel de colas' });
    const headers = [...table.querySelectorAll('thead th')].map((h) => h.textContent);
    expect(headers.slice(0, 3)).toEqual(['Cola', 'En espera', 'Más antiguo']);
    expect(headers.at(-1)).toBe('Estado');
    const status = within(support).getByTestId('status-support');
    expect(within(status).getByText('Incumplido')).toBeTruthy();
    expect(
      within(status)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['espera más antigua por encima del objetivo', 'ningún agente disponible']);
    // 7/9 = 78 %: Spanish puts a (non-breaking) space before the sign.
    expect(within(support).getAllByRole('cell')[2]!.textContent).toMatch(/^78\s%$/);
    expect(screen.getByLabelText('Agentes por estado').textContent).toContain('1 disponible');
    expect(screen.getByLabelText('Agentes por estado').textContent).toContain('4 desconectados');
    const grid = await screen.findByRole('table', { name: 'Cuadrícula de agentes' });
    const ana = await within(grid).findByRole('row', { name: 'Ana Agente' });
    expect(ana.querySelector('.sv-state')?.textContent).toBe('Ausente');
    expect(within(ana).getByRole('button', { name: 'Forzar el cierre de sesión de Ana Agente' }).textContent).toBe('Desconectar');
  });
});

const adminAgent = (over: Partial<AdminAgent>): AdminAgent => ({
  ...agent,
  disabled: false,
  mustChangePassword: false,
  presence: 'offline',
  state: 'offline',
  connected: false,
  ...over,
});

describe('admin console in Spanish', () => {
  it('shows the Agents tab, its filters, roles and the new-agent form in Spanish', async () => {
    const hub = fakeHub({
      'admin/agentList': ok({
        agents: [adminAgent({ id: 2, username: 'ann', displayName: 'Ann Lee', role: 'supervisor' })],
        knownSkills: ['billing'],
      }),
    });
    hub.store.dispatch(sessionResumed({ ...session, agent: { ...agent, id: 1, username: 'admin', role: 'admin' } }));
    hub.status('connected');
    render(
      <Provider store={hub.store}>
        <AgentsAdmin />
      </Provider>,
    );
    expect(await screen.findByRole('heading', { name: /^Agentes/ })).toBeTruthy();
    const roles = screen.getByRole('combobox', { name: 'Filtrar por rol' });
    expect([...roles.querySelectorAll('option')].map((o) => o.textContent)).toEqual([
      'Cualquier rol',
      'Agente',
      'Supervisor',
      'Administrador',
    ]);
    expect(screen.getByPlaceholderText('Buscar por nombre, usuario o habilidad')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Nuevo agente' }));
    const form = screen.getByRole('form', { name: 'Nuevo agente' });
    expect(within(form).getByLabelText('Nombre visible')).toBeTruthy();
    expect(within(form).getByText('Capacidad: conversaciones simultáneas')).toBeTruthy();
    expect(within(form).getByRole('button', { name: 'Crear agente' })).toBeTruthy();
    // A check made in the renderer reads in Spanish too.
    fireEvent.click(within(form).getByRole('button', { name: 'Crear agente' }));
    expect(await within(form).findByText('Indique una primera contraseña para que pueda iniciar sesión.')).toBeTruthy();
  });

  it('describes audit entries and opening hours in Spanish', () => {
    expect(actionText('agent.created')).toBe('Creó un agente');
    expect(actionText('settings.twilio.updated')).toBe('Modificó la configuración de teléfono y SMS');
    expect(actionText('some.newer.action')).toBe('some.newer.action');
    expect(detailLines({ role: { from: 'agent', to: 'supervisor' }, mustChangePassword: true })).toEqual([
      'Rol: agent → supervisor',
      'Debe elegir una contraseña nueva: sí',
    ]);
    const night = Queue.parse({
      id: 'night',
      name: 'Night',
      channels: ['chat'],
      skills: {},
      slaSeconds: 60,
      priority: 0,
      hours: { timeZone: 'Europe/Berlin', weekly: { fri: [{ from: '22:00', to: '02:00' }], sat: [{ from: '18:00', to: '24:00' }] } },
    });
    expect(statusText(night.hours, Date.parse('2026-01-09T22:30:00Z'))).toEqual({ open: true, text: 'Abierta ahora · cierra sáb 02:00' });
  });
});
