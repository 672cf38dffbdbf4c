import { ChecksumMismatchError, OutOfOrderError, ResumeMismatchError } from '@cqlkit/migrations';

import { assertRunnable, planUp, resumePoint } from '../src/plan';
import { cqlMigration, record } from './fixtures';

const m1 = cqlMigration('1', 'CREATE TABLE a (id int PRIMARY KEY);');
const m2 = cqlMigration(
  '2',
  'CREATE TABLE b (id int PRIMARY KEY); ALTER TABLE b ADD v text; ALTER TABLE b ADD w text;',
);
const m3 = cqlMigration('3', 'CREATE TABLE c (id int PRIMARY KEY);');

describe('planUp', () => {
  it('plans every migration on an empty history', () => {
    const plan = planUp([m1, m2, m3], []);
    expect(plan.steps.map((s) => s.migration.version)).toEqual(['1', '2', '3']);
    expect(plan.currentVersion).toBeUndefined();
  });

  it('plans nothing once everything succeeded', () => {
    const plan = planUp([m1, m2], [record('1'), record('2')]);
    expect(plan.steps).toEqual([]);
    expect(plan.currentVersion).toBe('2');
    expect(() => assertRunnable(plan, false)).not.toThrow();
  });

  it('stops at the target version', () => {
    const plan = planUp([m1, m2, m3], [record('1')], '2');
    expect(plan.steps.map((s) => s.migration.version)).toEqual(['2']);
  });

  it('reports applied migrations whose file changed', () => {
    const changed = cqlMigration('1', 'CREATE TABLE a (id int PRIMARY KEY, v text);', 'sum-new');
    const plan = planUp([changed, m2], [record('1')]);
    expect(plan.mismatches).toEqual([
      { version: '1', script: changed.script, applied: 'sum-1', current: 'sum-new' },
    ]);
    expect(() => assertRunnable(plan, false)).toThrow(ChecksumMismatchError);
    expect(() => assertRunnable(plan, false)).toThrow(/V1 \(V1__m1\.cql\): applied sum-1, file now sum-new/);
  });

  it('replans failed and interrupted migrations with their previous row', () => {
    const failed = record('2', { state: 'failed', statementsApplied: 1 }, m2);
    const plan = planUp([m1, m2, m3], [record('1'), failed]);
    expect(plan.steps.map((s) => [s.migration.version, s.previous?.state])).toEqual([
      ['2', 'failed'],
      ['3', undefined],
    ]);
    const running = planUp([m1], [record('1', { state: 'running', statementsApplied: 0 })]);
    expect(running.steps[0]?.previous?.state).toBe('running');
  });

  it('does not compare checksums of failed migrations (their fix is expected)', () => {
    const fixed = cqlMigration('2', 'CREATE TABLE b (id int PRIMARY KEY);', 'sum-fixed');
    const plan = planUp([fixed], [record('2', { state: 'failed', statementsApplied: 0 })]);
    expect(plan.mismatches).toEqual([]);
    expect(plan.steps).toHaveLength(1);
  });

  it('rejects pending versions below the latest applied one unless out-of-order is allowed', () => {
    const plan = planUp([m1, m2, m3], [record('1'), record('3')]);
    expect(plan.outOfOrder).toEqual(['2']);
    expect(() => assertRunnable(plan, false)).toThrow(OutOfOrderError);
    expect(() => assertRunnable(plan, false)).toThrow(/V2 are pending but V3 is already applied/);
    expect(() => assertRunnable(plan, true)).not.toThrow();
  });

  it('skips migrations at or below a baseline', () => {
    const baseline = record('2', { kind: 'baseline', checksum: '', script: '<< baseline >>' });
    const plan = planUp([m1, m2, m3], [baseline]);
    expect(plan.steps.map((s) => s.migration.version)).toEqual(['3']);
    expect(plan.currentVersion).toBe('2');
    expect(plan.mismatches).toEqual([]);
  });

  it('lists history rows whose file is gone', () => {
    const plan = planUp([m2], [record('1'), record('2')]);
    expect(plan.missingFiles.map((r) => r.version)).toEqual(['1']);
  });
});

describe('resumePoint', () => {
  it('starts fresh migrations and code migrations at statement 0', () => {
    expect(resumePoint(m2, undefined)).toBe(0);
    const code = { ...m2, kind: 'code' as const, statements: [] };
    expect(resumePoint(code, record('2', { kind: 'code', state: 'failed', statementsApplied: 3 }))).toBe(0);
  });

  it('resumes a failed file after the statements it applied', () => {
    expect(resumePoint(m2, record('2', { state: 'failed', statementsApplied: 2 }, m2))).toBe(2);
  });

  it('resumes when the applied statements were only reformatted', () => {
    const reformatted = cqlMigration(
      '2',
      '-- fixed\nCREATE TABLE b (\n  id int PRIMARY KEY\n);\nALTER TABLE b ADD v text;\nALTER TABLE b ADD w2 text;',
    );
    expect(resumePoint(reformatted, record('2', { state: 'failed', statementsApplied: 2 }, m2))).toBe(2);
  });

  it('refuses to resume when an applied statement changed, naming it', () => {
    const edited = cqlMigration(
      '2',
      'CREATE TABLE b (id int PRIMARY KEY); ALTER TABLE b ADD v int; ALTER TABLE b ADD w text;',
    );
    const failed = record('2', { state: 'failed', statementsApplied: 2 }, m2);
    expect(() => resumePoint(edited, failed)).toThrow(ResumeMismatchError);
    expect(() => resumePoint(edited, failed)).toThrow(
      /statement 2 \(line 1\) was applied but differs in the file now/,
    );
  });

  it('refuses to resume when the file lost applied statements', () => {
    const shorter = cqlMigration('2', 'CREATE TABLE b (id int PRIMARY KEY);');
    expect(() => resumePoint(shorter, record('2', { state: 'failed', statementsApplied: 2 }, m2))).toThrow(
      /2 statements were applied but the file now has only 1/,
    );
  });
});
