import { invoke } from '@tauri-apps/api/core';
import { describe, expect, it } from 'vitest';
import type { CommandName } from '../api/client';
import { FakeBackend, type GivenKind } from './backend';
import { Names } from './names';
import { readSheet } from './sheet';

// The fake against the real thing: every scenario the shell's tests recorded on Tauri's mock
// runtime (`src-tauri/fixtures/`) is replayed here, call by call, and the fake must answer as
// the shell did — the same value, or the same error code, message and fields. A rule or a
// command changed in Rust changes a fixture, and this fails until the fake follows.

interface CallStep {
  call: CommandName;
  args: Record<string, unknown>;
  ok?: unknown;
  err?: unknown;
}

interface GivenStep {
  given: GivenKind;
  /** Null for what belongs to no customer (a file, a failed backup). */
  customer_id: string | null;
  record: Record<string, unknown>;
}

/** A file the shell wrote, read back as a sheet: the fake's file at `file` must read the same. */
interface FileStep {
  file: string;
  bom: boolean;
  rows: string[][];
}

interface Fixture {
  scenario: string;
  about: string;
  clock_start: string;
  steps: Array<CallStep | GivenStep | FileStep>;
}

const fixtures = Object.values(import.meta.glob<Fixture>('./fixtures/*.json', { eager: true, import: 'default' }));

describe('the fake answers as the shell did', () => {
  it('has fixtures to replay', () => {
    expect(fixtures.length).toBeGreaterThan(0);
  });

  it.each(fixtures.map((f) => [f.scenario, f] as const))('%s', async (_, fixture) => {
    const backend = new FakeBackend({ clockStart: fixture.clock_start, desk: 'new' }).install();
    const names = new Names(fixture.clock_start);
    for (const [n, step] of fixture.steps.entries()) {
      if ('given' in step) {
        const customerId = names.real(step.customer_id);
        names.args(customerId);
        names.args(step.record);
        backend.given(step.given, customerId as string, step.record);
        continue;
      }
      if ('file' in step) {
        const bytes = backend.exchange.files.get(step.file);
        expect(bytes, `step ${n + 1}: ${step.file} was written`).toBeDefined();
        const sheet = readSheet(bytes!, { delimiter: null });
        const rows = [sheet.headers, ...sheet.rows.map((r) => r.cells)];
        expect({ bom: bytes![0] === 0xef, rows: names.answer(rows) }, `step ${n + 1}: ${step.file}`).toEqual({ bom: step.bom, rows: step.rows });
        continue;
      }
      const args = names.real(step.args);
      names.args(args);
      const answer = await invoke(step.call, args).then(
        (ok: unknown) => ({ ok }),
        (err: unknown) => ({ err }),
      );
      const expected = 'ok' in step ? { ok: step.ok } : { err: step.err };
      expect(names.answer(JSON.parse(JSON.stringify(answer))), `step ${n + 1}: ${step.call} ${JSON.stringify(step.args)}`).toEqual(expected);
    }
  });
});
