import { CqlSplitError, isSchemaStatement, splitCql } from '@cqlkit/migrations';
import fc from 'fast-check';

const cqlOf = (source: string) => splitCql(source).map((s) => s.cql);

describe('splitCql', () => {
  it('splits on semicolons and trims the statements', () => {
    expect(cqlOf('CREATE TABLE a (id int PRIMARY KEY);\n  CREATE TABLE b (id int PRIMARY KEY) ;')).toEqual([
      'CREATE TABLE a (id int PRIMARY KEY)',
      'CREATE TABLE b (id int PRIMARY KEY)',
    ]);
  });

  it('keeps a last statement without a semicolon and drops empty ones', () => {
    expect(cqlOf(';;SELECT 1 FROM t;;  ;\nSELECT 2 FROM t')).toEqual(['SELECT 1 FROM t', 'SELECT 2 FROM t']);
  });

  it('ignores semicolons in -- and // line comments and drops comments before a statement', () => {
    const source =
      '-- first; table\n// another; comment\nCREATE TABLE a (id int PRIMARY KEY); -- trailing;\n';
    expect(cqlOf(source)).toEqual(['CREATE TABLE a (id int PRIMARY KEY)']);
  });

  it('ignores semicolons in block comments, keeping comments inside a statement', () => {
    const source = '/* header; */ CREATE TABLE a (/* key; */ id int PRIMARY KEY);';
    expect(cqlOf(source)).toEqual(['CREATE TABLE a (/* key; */ id int PRIMARY KEY)']);
  });

  it("keeps semicolons inside string literals with '' escapes", () => {
    const source = "INSERT INTO t (k, v) VALUES (1, 'it''s; fine');INSERT INTO t (k, v) VALUES (2, ';');";
    expect(cqlOf(source)).toEqual([
      "INSERT INTO t (k, v) VALUES (1, 'it''s; fine')",
      "INSERT INTO t (k, v) VALUES (2, ';')",
    ]);
  });

  it('keeps semicolons and comment markers inside quoted identifiers with "" escapes', () => {
    const source = 'CREATE TABLE "we""ird;--name" (id int PRIMARY KEY);SELECT 1 FROM t;';
    expect(cqlOf(source)).toEqual(['CREATE TABLE "we""ird;--name" (id int PRIMARY KEY)', 'SELECT 1 FROM t']);
  });

  it('keeps $$ function bodies whole, semicolons and quotes included', () => {
    const source =
      'CREATE FUNCTION f(v int) RETURNS NULL ON NULL INPUT RETURNS text LANGUAGE java AS $$ String s = "a;b"; return s + \';\'; $$;\nSELECT 1 FROM t;';
    const statements = cqlOf(source);
    expect(statements).toHaveLength(2);
    expect(statements[0]).toContain("return s + ';'; $$");
  });

  it('keeps BEGIN … APPLY BATCH as one statement', () => {
    const source = `BEGIN UNLOGGED BATCH USING TIMESTAMP 1
  INSERT INTO t (k) VALUES (1);
  UPDATE t SET v = 'APPLY BATCH;' WHERE k = 2;
APPLY BATCH;
SELECT * FROM t;`;
    const statements = splitCql(source);
    expect(statements.map((s) => s.keyword)).toEqual(['BEGIN', 'SELECT']);
    expect(statements[0]?.cql.endsWith('APPLY BATCH')).toBe(true);
    expect(statements[0]?.cql).toContain("UPDATE t SET v = 'APPLY BATCH;' WHERE k = 2;");
  });

  it('keeps BEGIN TRANSACTION … COMMIT TRANSACTION as one statement', () => {
    const source = 'BEGIN TRANSACTION\n  INSERT INTO t (k) VALUES (1);\nCOMMIT TRANSACTION;SELECT 1 FROM t';
    expect(cqlOf(source)).toEqual([
      'BEGIN TRANSACTION\n  INSERT INTO t (k) VALUES (1);\nCOMMIT TRANSACTION',
      'SELECT 1 FROM t',
    ]);
  });

  it('reports the 1-based line and column of each statement and its leading keyword', () => {
    const statements = splitCql(
      '\n\n  -- note\n  create table a (id int primary key);\nALTER TABLE a ADD v text;',
    );
    expect(statements.map(({ line, column, keyword }) => ({ line, column, keyword }))).toEqual([
      { line: 4, column: 3, keyword: 'CREATE' },
      { line: 5, column: 1, keyword: 'ALTER' },
    ]);
  });

  it('handles CRLF line endings and a byte-order mark', () => {
    expect(cqlOf('\uFEFFCREATE TABLE a (id int PRIMARY KEY);\r\n-- x;\r\nDROP TABLE a;\r\n')).toEqual([
      'CREATE TABLE a (id int PRIMARY KEY)',
      'DROP TABLE a',
    ]);
  });

  it('returns nothing for comment-only or empty text', () => {
    expect(splitCql('')).toEqual([]);
    expect(splitCql('-- only a comment\n/* and; another */\n')).toEqual([]);
  });

  it.each([
    ["SELECT 'unterminated FROM t;", 'a string literal starting at line 1, column 8'],
    ['SELECT "unterminated FROM t;', 'a quoted identifier starting at line 1, column 8'],
    ['SELECT 1;\n/* never closed', 'a /* comment starting at line 2, column 1'],
    ['CREATE FUNCTION f() AS $$ body;', 'a $$ string starting at line 1, column 24'],
  ])('rejects an unterminated construct: %s', (source, message) => {
    expect(() => splitCql(source)).toThrow(CqlSplitError);
    expect(() => splitCql(source)).toThrow(message);
  });

  it('rejects a BEGIN BATCH without APPLY BATCH, naming where it starts', () => {
    let error: unknown;
    try {
      splitCql('SELECT 1 FROM t;\nBEGIN BATCH INSERT INTO t (k) VALUES (1);');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CqlSplitError);
    expect((error as CqlSplitError).line).toBe(2);
    expect((error as CqlSplitError).message).toMatch(/no closing APPLY BATCH/);
  });
});

describe('isSchemaStatement', () => {
  it.each([
    ['CREATE TABLE t (id int PRIMARY KEY)', true],
    ['alter table t add v text', true],
    ['DROP INDEX i', true],
    ['INSERT INTO t (id) VALUES (1)', false],
    ['BEGIN BATCH INSERT INTO t (id) VALUES (1); APPLY BATCH', false],
  ])('%s → %s', (cql, expected) => {
    expect(isSchemaStatement(splitCql(cql)[0] as NonNullable<ReturnType<typeof splitCql>[0]>)).toBe(expected);
  });
});

describe('splitCql (generated input)', () => {
  // Statements built from pieces that contain ';', comment markers and quotes in their quoted form.
  const piece = fc.oneof(
    fc.constantFrom('SELECT', 'x', 'FROM', 't', '(', ')', ',', '=', '1', '-', '/'),
    fc.string().map((s) => `'${s.replace(/'/g, "''")}'`),
    fc.string().map((s) => `"${s.replace(/"/g, '""')}"`),
    fc
      .string()
      .filter((s) => !s.includes('$$'))
      .map((s) => `$$${s}$$`),
    fc
      .string()
      .filter((s) => !s.includes('*/'))
      .map((s) => `/*${s}*/`),
  );
  const statement = fc
    .array(piece, { minLength: 1, maxLength: 8 })
    .map((parts) => `INSERT ${parts.join(' ')} x`); // a statement ends at its last token, not at a comment

  it('recovers the statements, whatever their strings and comments hold', () => {
    fc.assert(
      fc.property(fc.array(statement, { minLength: 1, maxLength: 5 }), (statements) => {
        const source = statements.map((s) => `${s};\n-- between; statements\n`).join('');
        expect(cqlOf(source)).toEqual(statements);
      }),
    );
  });
});
