// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { CheckboxSet } from '../../../renderer/features/admin/common/CheckboxSet';
import { ConfirmDialog } from '../../../renderer/features/admin/common/ConfirmDialog';
import { FormDialog } from '../../../renderer/features/admin/common/FormDialog';
import { RecordTable } from '../../../renderer/features/admin/common/RecordTable';

afterEach(cleanup);

// The pieces the API keys and webhooks panels share (renderer/features/admin/common).
describe('admin common pieces', () => {
  it('ConfirmDialog: Cancel only closes; the red button acts, then closes', () => {
    const calls: string[] = [];
    render(
      <ConfirmDialog
        title="Revoke “CRM sync”?"
        text="Requests with this key are refused from now on."
        confirmLabel="Revoke key"
        onConfirm={() => calls.push('confirm')}
        onClose={() => calls.push('close')}
      />,
    );
    expect(screen.getByRole('dialog', { name: 'Revoke “CRM sync”?' }).textContent).toContain('refused from now on');
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(calls).toEqual(['close']);
    fireEvent.click(screen.getByRole('button', { name: 'Revoke key' }));
    expect(calls).toEqual(['close', 'confirm', 'close']);
  });

  it("FormDialog: the hub's refusal is shown and the dialog stays; success is the caller's", async () => {
    let attempts = 0;
    let closed = false;
    render(
      <FormDialog
        title="New API key"
        submitLabel="Create key"
        onSubmit={async () => {
          attempts += 1;
          if (attempts === 1) throw new Error('A key with this name exists.');
        }}
        onClose={() => (closed = true)}
        disabled={false}
        className="pa-form"
      >
        <input aria-label="Name" defaultValue="CRM sync" />
      </FormDialog>,
    );
    expect(screen.getByRole('textbox', { name: 'Name' }).closest('form')?.className).toBe('dialog-body pa-form');
    fireEvent.click(screen.getByRole('button', { name: 'Create key' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('A key with this name exists.'));
    fireEvent.click(screen.getByRole('button', { name: 'Create key' }));
    await waitFor(() => expect(attempts).toBe(2));
    expect(closed).toBe(false);
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(closed).toBe(true);
  });

  it('CheckboxSet: ticks show the chosen codes by their words and change the set', () => {
    function Harness() {
      const [chosen, setChosen] = useState<ReadonlySet<'a' | 'b' | 'c'>>(new Set(['a']));
      return (
        <>
          <CheckboxSet
            legend="Allowed to"
            options={['a', 'b', 'c'] as const}
            selected={chosen}
            onChange={setChosen}
            label={(o) => `word ${o}`}
          />
          <output>{[...chosen].sort().join(',')}</output>
        </>
      );
    }
    render(<Harness />);
    expect(screen.getByRole('group', { name: 'Allowed to' })).toBeTruthy();
    expect(screen.getByRole<HTMLInputElement>('checkbox', { name: 'word a' }).checked).toBe(true);
    fireEvent.click(screen.getByRole('checkbox', { name: 'word c' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'word a' }));
    expect(screen.getByRole('status').textContent).toBe('c');
  });

  it('RecordTable: loading, empty, error, then rows under their headings with an unnamed buttons column', () => {
    const table = (props: Partial<Parameters<typeof RecordTable<string>>[0]>) => (
      <RecordTable<string>
        rows={undefined}
        error={undefined}
        emptyText="No keys yet."
        columns={['Name', 'Status']}
        actionsLabel="Actions"
        className="pa-table"
        {...props}
      >
        {(row) => (
          <tr key={row}>
            <td>{row}</td>
            <td>ok</td>
            <td />
          </tr>
        )}
      </RecordTable>
    );
    const { rerender, container } = render(table({ isLoading: true }));
    expect(container.textContent).toBe('Loading…');
    rerender(table({ rows: [] }));
    expect(container.textContent).toBe('No keys yet.');
    expect(container.querySelector('table')).toBeNull();
    rerender(table({ error: { message: 'Only administrators can do this.' } }));
    expect(container.querySelector('.inline-error')?.textContent).toContain('Only administrators can do this.');
    rerender(table({ rows: ['CRM sync', 'Nightly export'] }));
    expect(screen.getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Name', 'Status', 'Actions']);
    expect(screen.getAllByRole('row')).toHaveLength(3);
    expect(container.querySelector('table')?.className).toBe('pa-table');
  });
});
