// @vitest-environment happy-dom
import { act, cleanup, render, screen, within } from '@testing-library/react';
import { Provider } from 'react-redux';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CustomerProfile, ImportReport, TimelineItem } from '../../../services/contracts';
import { missingPlaceholderKey } from '../../../renderer/features/answers/placeholderWords';
import { answerPlaceholders } from '../../../services/contracts';
import { Customer360 } from '../../../renderer/features/customers/Customer360';
import { ImportReportView } from '../../../renderer/features/customers/import/ImportReportView';
import { guessMapping, toImportMapping } from '../../../renderer/features/customers/import/mapping';
import { rejectedRowsCsv } from '../../../renderer/features/customers/import/rejectedCsv';
import { checkFileBeforeUpload } from '../../../renderer/features/customers/import/upload';
import { reportFormat } from '../../../renderer/features/reports/format';
import { SeriesChart } from '../../../renderer/features/reports/SeriesChart';
import { sessionResumed } from '../../../renderer/features/session/sessionSlice';
import { callPhase, phaseLabel } from '../../../renderer/features/telephony/callPhase';
import { warningWords } from '../../../renderer/features/telephony/softphone/softphoneSlice';
import { i18n } from '../../../renderer/i18n';
import { customer, fakeHub, ok, session } from '../../support/fakeHub';

/*
 * The customer 360, the import report, the call words and the report formats in Spanish: the words come
 * from the catalogues (namespaces customers, customers/import, telephony, reports) and dates and numbers
 * from Intl in the desk's language. Each test switches back to English, which the rest of the suite reads.
 */

const size = (el: Element, row: number): number => (el.classList.contains('timeline-scroll') ? 340 : row);
beforeEach(async () => {
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockImplementation(function (this: Element) {
    return size(this, 0);
  });
  vi.spyOn(HTMLElement.prototype, 'offsetHeight', 'get').mockImplementation(function (this: HTMLElement) {
    return size(this, 76);
  });
  await i18n.changeLanguage('es');
});
afterEach(async () => {
  cleanup();
  vi.restoreAllMocks();
  await i18n.changeLanguage('en');
});

const at = Date.UTC(2026, 11, 3, 9, 5);

const profile: CustomerProfile = {
  id: customer.id,
  displayName: customer.displayName,
  company: 'Whitfield Ltd',
  attributes: {},
  tags: ['vip'],
  createdAt: at - 86_400_000,
  updatedAt: null,
  mergedInto: null,
  identities: [{ id: 2, kind: 'phone', value: '+15551230000', shared: false, createdAt: 0 }],
};

const item: TimelineItem = {
  conversationId: 4,
  channel: 'email',
  state: 'closed',
  queueId: 'support',
  subject: 'Refund for order 4417',
  firstLine: null,
  agentId: 7,
  agentName: 'Ann Agent',
  disposition: null,
  createdAt: at,
  closedAt: at + 60_000,
  messageCount: 3,
  noteCount: 0,
  notes: [],
};

function renderCustomer() {
  const hub = fakeHub({
    'customer/get': ok({ customer: profile, notes: [], merges: [], suggestions: [], attributeDefs: [] }),
    'customer/suggestions': ok([]),
    'customer/timeline': ok({ items: [item], nextCursor: null }),
    'customer/backOffice': ok({ panels: [] }),
    'conversation/mine': ok({ conversations: [], offers: [] }),
    'telephony/status': ok({ enabled: true, sms: { ok: true, detail: '' }, voice: { ok: true, detail: '' }, numbers: [] }),
  });
  hub.store.dispatch(sessionResumed(session));
  hub.status('connected');
  render(
    <Provider store={hub.store}>
      <aside className="customer-panel">
        <Customer360 customerId={customer.id} fallbackName={customer.displayName} />
      </aside>
    </Provider>,
  );
}

describe('the desk in Spanish (customers, import, voice, reports)', () => {
  it('shows the customer 360 in Spanish, with the history date in Spanish, and in English again after switching back', async () => {
    renderCustomer();
    await screen.findByText('Refund for order 4417');
    expect(screen.getByRole('heading', { name: 'Historial en todos los canales' })).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Contacto' })).toBeTruthy();
    expect(screen.getByText(`Cliente n.º ${customer.id}`, { exact: false })).toBeTruthy();
    expect(screen.getByText('Teléfono')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Llamar al +15551230000' })).toBeTruthy();
    const history = screen.getByLabelText('Historial del cliente');
    expect(within(history).getByText('Cerrada')).toBeTruthy();
    expect(within(history).getByText(/3 mensajes/)).toBeTruthy();
    // "3 dic": the month as Spanish writes it, from Intl in the desk's language.
    expect(within(history).getByText(/3 dic/)).toBeTruthy();
    await screen.findByText('No hay ningún sistema interno conectado a este hub.');

    await act(async () => {
      await i18n.changeLanguage('en');
    });
    expect(screen.getByRole('heading', { name: 'History on all channels' })).toBeTruthy();
    expect(within(screen.getByLabelText('Customer history')).getByText(/Dec 3/)).toBeTruthy();
    expect(within(screen.getByLabelText('Customer history')).getByText('Closed')).toBeTruthy();
  });

  it('reports an import in Spanish with counted plurals and Spanish column headers in the rejected rows file', () => {
    const report: ImportReport = {
      rows: 1200,
      created: 1000,
      merged: 1,
      unchanged: 0,
      rejected: 199,
      suggestions: 0,
      columns: ['Name', 'Email'],
      warnings: [],
      rejectedRows: [{ row: 2, reason: 'no phone, email or external id', values: ['Ann', ''] }],
      mergedRows: [{ row: 3, reason: 'same email as customer #4' }],
      suggestionRows: [],
    } as unknown as ImportReport;
    render(<ImportReportView report={report} dryRun fileName="crm.csv" />);
    expect(screen.getByText(/1200 filas en el archivo\./)).toBeTruthy();
    expect(screen.getByText('Clientes nuevos')).toBeTruthy();
    expect(screen.getByText('Fila que actualizaría un cliente (1)')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Descargar las filas rechazadas (CSV)' })).toBeTruthy();
    expect(rejectedRowsCsv(report).split('\r\n')[0]).toBe('\uFEFFFila,Motivo,Name,Email');
  });

  it('reads Spanish column headers (accents and all) and explains mapping and file problems in Spanish', () => {
    const columns = ['Nombre completo', 'Correo electrónico', 'Teléfono móvil', 'Apellidos', 'Empresa', 'Etiquetas', 'Observaciones'];
    expect(guessMapping(columns, []).map((c) => c.target)).toEqual([
      'displayName',
      'email',
      'phone',
      'lastName',
      'company',
      'tags',
      'note',
    ]);
    expect(toImportMapping(['Nombre'], [{ target: 'displayName', system: '' }])).toMatchObject({
      ok: false,
      problem: /al menos una columna con correo, teléfono o ID externo/,
    });
    expect(checkFileBeforeUpload({ name: 'clientes.xlsx', size: 10 }, 100)).toMatch(/^«clientes\.xlsx» es un libro de hoja de cálculo/);
    expect(checkFileBeforeUpload({ name: 'a.csv', size: 3 * 1024 * 1024 + 512 * 1024 }, 2 * 1024 * 1024)).toBe(
      '«a.csv» ocupa 3,5 MB; el archivo más grande que puede importar es de 2 MB.',
    );
  });

  it("names a saved answer's unfilled placeholders in Spanish (the hub sends them in English words)", () => {
    const key = missingPlaceholderKey(answerPlaceholders['customer.firstName']);
    expect(key && i18n.t(key, { ns: 'answers' })).toBe('el nombre de pila del cliente');
    expect(missingPlaceholderKey('something new')).toBeNull();
  });

  it('names call states and softphone warnings in Spanish', () => {
    expect(i18n.t(phaseLabel[callPhase(undefined, 7)], { ns: 'telephony' })).toBe('Esperando la llamada…');
    expect(i18n.t('hangUp', { ns: 'telephony' })).toBe('Colgar');
    expect(warningWords('constant-audio-input-level')).toMatch(/micrófono no capta sonido/);
  });

  it('formats report figures and bucket dates in the language, and says an empty chart in Spanish', () => {
    const es = reportFormat('es');
    const en = reportFormat('en');
    const monday = Date.UTC(2026, 10, 30, 9);
    expect(en.percent(0.43)).toBe('43%');
    expect(es.percent(0.43)).toMatch(/^43\s%$/);
    expect(es.percent(null)).toBe('—');
    expect(es.number(0.5)).toBe('0,5');
    expect(es.bucket(monday, 'hour')).toMatch(/^lun/);
    expect(en.bucket(monday, 'hour')).toMatch(/^Mon/);
    expect(es.day(monday)).toMatch(/30 nov 2026/);
    render(<SeriesChart title="Nivel de servicio" times={[monday]} series={[{ label: 'x', color: '#000', values: [null] }]} />);
    expect(screen.getByText('No hay nada que mostrar en este periodo.')).toBeTruthy();
  });
});
