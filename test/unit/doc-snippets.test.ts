/**
 * The TypeScript samples of README.md, examples/README.md, packages/* /README.md and docs/*.md
 * compile (scripts/check-doc-snippets.ts), so that the documentation cannot rot.
 */
import { join } from 'node:path';
import {
  absoluteImports,
  checkDocSnippets,
  extractSnippets,
  formatProblem,
  type Snippet,
} from '../../scripts/check-doc-snippets';

const root = join(__dirname, '..', '..');

describe('extractSnippets', () => {
  it('takes ts and typescript blocks with the line of their first code line, and skips nocheck blocks', () => {
    const markdown = [
      '# Title', // 1
      '```ts', // 2
      'const a = 1;', // 3
      '```', // 4
      '```sh', // 5
      'npm test', // 6
      '```', // 7
      '```typescript', // 8
      'const b = 2;', // 9
      'const c = 3;', // 10
      '```', // 11
      '```ts nocheck', // 12
      'class { broken', // 13
      '```', // 14
      '1. A list item:', // 15
      '', // 16
      '   ```ts', // 17
      '   const d = 4;', // 18
      '   ```', // 19
    ].join('\n');
    const { snippets, skipped } = extractSnippets(markdown, 'docs/x.md');
    expect(snippets).toEqual([
      { file: 'docs/x.md', line: 3, code: 'const a = 1;' },
      { file: 'docs/x.md', line: 9, code: 'const b = 2;\nconst c = 3;' },
      { file: 'docs/x.md', line: 18, code: 'const d = 4;' },
    ]);
    expect(skipped).toEqual([13]);
  });

  it('does not end a block at a shorter fence or at a fence inside a longer one', () => {
    const markdown = ['````md', '```ts', 'not a sample', '```', '````', '```ts', 'const e = 5;', '```'].join(
      '\n',
    );
    expect(extractSnippets(markdown, 'a.md').snippets).toEqual([
      { file: 'a.md', line: 7, code: 'const e = 5;' },
    ]);
  });
});

describe('absoluteImports', () => {
  it('resolves relative imports from the integration-test folder and leaves package imports alone', () => {
    const code = "import { a } from '../harness/cluster';\nimport { b } from '@cqlkit/driver';";
    expect(absoluteImports(code, '/repo')).toBe(
      "import { a } from '/repo/test/harness/cluster';\nimport { b } from '@cqlkit/driver';",
    );
  });
});

describe('the documentation samples', () => {
  it('reports a broken sample at its line in the Markdown file', () => {
    const broken: Snippet[] = [
      // Uses Consistency without importing it (imported by the check) and a wrong option type.
      {
        file: 'docs/broken.md',
        line: 40,
        code: "await session.execute('SELECT 1', [], {\n  consistency: Consistency.ONE,\n  pageSize: 'ten',\n});",
      },
      { file: 'docs/broken.md', line: 50, code: 'undeclaredThing.run();' },
    ];
    const result = checkDocSnippets(root, { snippets: broken });
    expect(result.problems.map(formatProblem)).toEqual([
      expect.stringMatching(/^docs\/broken\.md:42:3 Type 'string' is not assignable to type 'number'/),
      "docs/broken.md:50:1 Cannot find name 'undeclaredThing'.",
    ]);
  }, 180_000);

  it('compile', () => {
    const result = checkDocSnippets(root);
    expect(result.files).toEqual(expect.arrayContaining(['README.md', 'docs/connecting.md']));
    expect(result.snippets.length).toBeGreaterThan(20);
    expect(result.problems.map(formatProblem)).toEqual([]);
  }, 180_000);
});
