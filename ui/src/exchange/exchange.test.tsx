import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeBackend } from '../fake/backend';
import { renderApp, sampleCustomers } from '../test/render';
import { defaultExportName, TEST_IMPORT_FILE } from './files';
import { withField } from './ImportWizard';

// The import wizard and the export, on the fake, as a person works them. The desk is started
// with INFORA_SAVE_DIR (as the end-to-end tests start it), so no native dialog opens: the
// import reads `Infora Desk import.csv` from that folder and saves go there.

const SAVE_DIR = '/tmp/e2e-saves';
const IMPORT = `${SAVE_DIR}/${TEST_IMPORT_FILE}`;

/** A shop's file: Simu (phone in Swahili) is no header the desk knows; rows with the usual faults. */
const CSV = [
  'Full name,E-mail,Simu,Balance (KES),Status',
  'Amani Import,amani.import@example.com,712000111,1500.50,Active',
  'Bad Email,not-an-email,0722000222,0,active',
  'Excel Phone,excel.phone@example.com,2.54712E+11,0,active',
  'Amani Again,AMANI.IMPORT@example.com,0733000333,200,suspended',
  'Wanjiru Again,wanjiru@example.co.ke,0712345678,75,active',
].join('\n');

function desk(file = CSV) {
  const backend = new FakeBackend({ customers: sampleCustomers() });
  backend.printing.saveFolder = SAVE_DIR;
  backend.exchange.give(IMPORT, file);
  return backend;
}

/** The toolbar's button (a narrow window shows the same two under it instead: exchange.css). */
function listButton(name: 'Import' | 'Export') {
  return screen.getAllByRole('button', { name })[0]!;
}

async function openWizard(user: ReturnType<typeof renderApp>['user']) {
  await screen.findByRole('table', { name: 'Customers' });
  await user.click(listButton('Import'));
  return screen.getByRole('dialog', { name: 'Import customers' });
}

async function toMapping(user: ReturnType<typeof renderApp>['user']) {
  const dialog = await openWizard(user);
  await user.click(within(dialog).getByRole('button', { name: 'Choose a file…' }));
  await within(dialog).findByRole('heading', { name: `Match the columns of ${TEST_IMPORT_FILE}` });
  return dialog;
}

describe('the import wizard', () => {
  it('guesses the columns, takes a fix by hand and previews the rows as they will be stored', async () => {
    const { user } = renderApp(desk());
    const dialog = await toMapping(user);

    expect(within(dialog).getByRole('alert')).toHaveTextContent("No column is the customer's phone");
    expect(within(dialog).getByRole('button', { name: 'Check all 5 rows' })).toBeDisabled();
    expect(within(dialog).getByLabelText('Full name')).toHaveValue('name');
    expect(within(dialog).getByLabelText('Simu')).toHaveValue('');

    await user.selectOptions(within(dialog).getByLabelText('Simu'), 'phone');
    await waitFor(() => expect(within(dialog).queryByRole('alert')).not.toBeInTheDocument());
    const preview = within(dialog).getByRole('region', { name: 'Preview of the first rows' });
    // The lost leading zero put back; the balance as money; the status as the desk writes it.
    const first = within(preview).getAllByRole('row')[1]!;
    expect(first).toHaveTextContent('+254712000111');
    expect(first).toHaveTextContent('KES 1,500.50');
    expect(first).toHaveTextContent('Active');
    // Each refused cell says why, in the form's words.
    const excel = within(preview).getAllByRole('row')[3]!;
    expect(excel).toHaveTextContent('refused');
    expect(excel).toHaveTextContent('Phone was turned into a number by the spreadsheet (2.54712E+11); type it as text');
    expect(within(preview).getAllByRole('row')[2]).toHaveTextContent('Email is not a valid email address');
    expect(within(dialog).getByRole('button', { name: 'Check all 5 rows' })).toBeEnabled();
  });

  it('gives a field to one column only: choosing it elsewhere takes it from the first', () => {
    expect(withField({ columns: ['name', 'phone', null] }, 2, 'phone')).toEqual({ columns: ['name', null, 'phone'] });
    expect(withField({ columns: ['name', 'phone'] }, 1, null)).toEqual({ columns: ['name', null] });
  });

  it('reads the file again with another separator', async () => {
    const { user, backend } = renderApp(desk(CSV.replaceAll(',', ';')));
    const dialog = await toMapping(user);
    const separator = within(dialog).getByLabelText('Columns separated by');
    expect(separator).toHaveValue('semicolon');
    await user.selectOptions(separator, 'comma');
    await waitFor(() => expect(backend.lastCall('open_import_file')).toEqual({ path: IMPORT, delimiter: 'comma', mapping: null }));
    // One column now: none of name, email or phone is found.
    await waitFor(() => expect(within(dialog).getByRole('alert')).toHaveTextContent("No column is the customer's name"));
    expect(within(dialog).getByRole('alert')).toHaveTextContent("No column is the customer's email");
  });

  it('checks every row, saves the refused ones as CSV, then imports and refreshes the list', async () => {
    const { user, backend } = renderApp(desk());
    const dialog = await toMapping(user);
    await user.selectOptions(within(dialog).getByLabelText('Simu'), 'phone');
    await waitFor(() => expect(within(dialog).queryByRole('alert')).not.toBeInTheDocument());
    await user.click(within(dialog).getByRole('button', { name: 'Check all 5 rows' }));

    await within(dialog).findByRole('heading', { name: `Checked all 5 rows of ${TEST_IMPORT_FILE}` });
    const counts = () => dialog.querySelector('.report-counts')!;
    expect(counts()).toHaveTextContent('New1');
    // Amani again (the same email, other case) updates the new row; Wanjiru is on the desk already.
    expect(counts()).toHaveTextContent('Updated2');
    expect(counts()).toHaveTextContent('Refused2');
    const refused = within(within(dialog).getByRole('region', { name: 'Refused rows' })).getAllByRole('row').slice(1);
    expect(refused.map((r) => r.textContent)).toEqual([
      '3Emailis not a valid email address (expected something like jane@example.co.ke)',
      '4Phonewas turned into a number by the spreadsheet (2.54712E+11); type it as text',
    ]);

    await user.click(within(dialog).getByRole('button', { name: 'Save report as CSV…' }));
    const report = `${SAVE_DIR}/Infora Desk import - refused rows.csv`;
    await within(dialog).findByText(`Saved the report to ${report}.`);
    expect([...backend.exchange.files.get(report)!.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(backend.exchange.text(report)?.split('\n')[1]).toBe('3,email,is not a valid email address (expected something like jane@example.co.ke)');

    // Leaving duplicates alone is asked of the whole file again.
    await user.click(within(dialog).getByRole('radio', { name: 'Leave them as they are' }));
    await waitFor(() => expect(backend.lastCall('dry_run_import')).toMatchObject({ onDuplicate: 'skip' }));
    await waitFor(() => expect(counts()).toHaveTextContent('Left as they are2'));
    await user.click(within(dialog).getByRole('radio', { name: "Update them with the file's values" }));
    await waitFor(() => expect(within(dialog).getByRole('button', { name: 'Import 3 customers' })).toBeEnabled());

    await user.click(within(dialog).getByRole('button', { name: 'Import 3 customers' }));
    await within(dialog).findByRole('heading', { name: `Imported ${TEST_IMPORT_FILE}` });
    expect(within(dialog).getByText(/1 new customer added, 2 updated; 2 rows refused and left out/)).toBeInTheDocument();
    expect(backend.lastCall('import_customers')).toEqual({
      path: IMPORT,
      mapping: { columns: ['name', 'email', 'phone', 'balance', 'status'] },
      onDuplicate: 'update',
    });
    await screen.findByText(`Imported ${TEST_IMPORT_FILE}: 1 new, 2 updated`);
    await user.click(within(dialog).getByRole('button', { name: 'Close' }));
    // The list shows the new customer, with the later row's values; the history names the file.
    await within(screen.getByRole('table', { name: 'Customers' })).findByText('Amani Again');
    const amani = backend.customers.find((c) => c.email === 'amani.import@example.com')!;
    expect(amani).toMatchObject({ phone: '+254733000333', status: 'suspended', balance: '200.00' });
    expect(backend.changes.get(amani.id)?.[0]?.actor).toBe(`Sam Supervisor (import of ${TEST_IMPORT_FILE})`);
    expect(backend.customers.find((c) => c.email === 'wanjiru@example.co.ke')?.balance).toBe('75.00');
  });

  it('cancels an import: nothing is written', async () => {
    const backend = desk();
    backend.exchange.stepMs = 300;
    const { user } = renderApp(backend);
    const dialog = await toMapping(user);
    await user.selectOptions(within(dialog).getByLabelText('Simu'), 'phone');
    await waitFor(() => expect(within(dialog).getByRole('button', { name: 'Check all 5 rows' })).toBeEnabled());
    await user.click(within(dialog).getByRole('button', { name: 'Check all 5 rows' }));
    await user.click(await within(dialog).findByRole('button', { name: 'Import 3 customers' }));
    expect(within(dialog).getByRole('progressbar', { name: 'Import progress' })).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Cancel import' }));
    await within(dialog).findByRole('heading', { name: 'Import cancelled' });
    expect(within(dialog).getByRole('status')).toHaveTextContent('Nothing was imported');
    expect(backend.customers).toHaveLength(3);
    expect(backend.customers.find((c) => c.email === 'wanjiru@example.co.ke')?.balance).toBe('1500.00');
  });

  it('opens with I and closes with Esc, and the shell forgets the file', async () => {
    const { user, backend } = renderApp(desk());
    await screen.findByRole('table', { name: 'Customers' });
    await user.keyboard('i');
    const dialog = screen.getByRole('dialog', { name: 'Import customers' });
    expect(within(dialog).getByRole('button', { name: 'Choose a file…' })).toHaveFocus();
    expect(within(dialog).getByRole('listitem', { current: 'step' })).toHaveTextContent('File');
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    // The shell forgets the file's rows once the wizard is closed.
    await waitFor(() => expect(backend.callsOf('close_import_file')).toHaveLength(1));
  });

  it('says what is wrong with a file it cannot read', async () => {
    const backend = desk();
    backend.exchange.files.delete(IMPORT);
    const { user } = renderApp(backend);
    const dialog = await openWizard(user);
    await user.click(within(dialog).getByRole('button', { name: 'Choose a file…' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('Could not open the file: File cannot be read: there is no such file');
  });

  it('is offered on the welcome screen of an empty desk', async () => {
    const backend = new FakeBackend();
    backend.printing.saveFolder = SAVE_DIR;
    const { user } = renderApp(backend);
    await user.click(await screen.findByRole('button', { name: 'Import from a spreadsheet…' }));
    expect(screen.getByRole('dialog', { name: 'Import customers' })).toBeInTheDocument();
  });
});

describe('the export', () => {
  it('exports the list as searched, every page, to a CSV that Excel reads with its phones as text', async () => {
    const backend = desk();
    const { user } = renderApp(backend);
    await screen.findByRole('table', { name: 'Customers' });
    await user.type(screen.getByRole('searchbox', { name: 'Search customers' }), 'otieno');
    await waitFor(() => expect(within(screen.getByRole('table', { name: 'Customers' })).getAllByRole('row')).toHaveLength(2));
    await user.click(listButton('Export'));
    const dialog = screen.getByRole('dialog', { name: 'Export customers' });
    const view = within(dialog).getByRole('radio', { name: /This view/ });
    expect(view).toBeChecked();
    await waitFor(() => expect(view.parentElement).toHaveTextContent('This view: 1 customer, as searched'));
    expect(within(dialog).getByRole('radio', { name: /Everyone/ }).parentElement).toHaveTextContent('Everyone: 3 customers');

    await user.click(within(dialog).getByRole('button', { name: 'Export…' }));
    const path = `${SAVE_DIR}/${defaultExportName('csv')}`;
    await screen.findByText(`Exported 1 customer to ${path}`);
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(backend.lastCall('export_customers')).toEqual({
      query: { search: 'otieno', sort_by: 'created_at', sort_order: 'desc' },
      format: 'csv',
      path,
    });
    const bytes = backend.exchange.files.get(path)!;
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = backend.exchange.text(path)!.trimEnd().split('\n');
    expect(lines[0]).toBe('Name,Email,Phone,Address,Status,Package,Balance (KES),Usage %,Devices,Join date,Last payment,Created,Updated,ID');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^Otieno Odhiambo,otieno@example\.co\.ke,\+254 722 000 111,/);
  });

  it('exports everyone to an Excel workbook', async () => {
    const backend = desk();
    const { user } = renderApp(backend);
    await screen.findByRole('table', { name: 'Customers' });
    await user.click(listButton('Export'));
    const dialog = screen.getByRole('dialog', { name: 'Export customers' });
    // Nothing narrows the list: everyone is the choice already.
    expect(within(dialog).getByRole('radio', { name: /Everyone/ })).toBeChecked();
    await user.click(within(dialog).getByRole('radio', { name: 'Excel workbook (.xlsx)' }));
    await user.click(within(dialog).getByRole('button', { name: 'Export…' }));
    await screen.findByText(`Exported 3 customers to ${SAVE_DIR}/${defaultExportName('xlsx')}`);
    expect(backend.lastCall('export_customers')).toMatchObject({ query: null, format: 'xlsx' });
  });

  it('says why an export could not be written, and stays open', async () => {
    const backend = desk();
    // The folder is gone (a USB stick taken out) by the time the export is written.
    backend.exchange.folders.delete(SAVE_DIR);
    const { user } = renderApp(backend);
    await screen.findByRole('table', { name: 'Customers' });
    await user.click(listButton('Export'));
    const dialog = screen.getByRole('dialog', { name: 'Export customers' });
    await user.click(within(dialog).getByRole('button', { name: 'Export…' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('does not exist');
  });
});
