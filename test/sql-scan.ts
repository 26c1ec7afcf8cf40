/**
 * Finds the SQL text in Embark's source: every string and template literal that starts like a
 * statement (after any `--` comment lines), with `${name}` pieces replaced by the same file's
 * `const name = '…'` where there is one, so a WHERE clause kept in a constant is read with its query.
 * Other `${…}` pieces read as ` ? `. Test code is left out: *.test.ts and test-fixtures.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export interface SqlText {
  readonly file: string;
  readonly line: number;
  readonly sql: string;
}

// a statement may open with comment lines, such as the `-- all tenants: …` of a cross-tenant query
const STATEMENT = /^\s*(?:--[^\n]*\n\s*)*(select|insert|update|delete|with)\b/i;
const TEST_CODE = /(\.test\.ts|^test-fixtures\.ts)$/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !TEST_CODE.test(entry.name) ? [full] : [];
  });
}

function literalText(node: ts.Node, constants: Map<string, string>): string | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (!ts.isTemplateExpression(node)) return undefined;
  let text = node.head.text;
  for (const span of node.templateSpans) {
    const name = ts.isIdentifier(span.expression) ? span.expression.text : undefined;
    text += (name !== undefined ? constants.get(name) : undefined) ?? ' ? ';
    text += span.literal.text;
  }
  return text;
}

export function sqlTexts(root: string): SqlText[] {
  const found: SqlText[] = [];
  for (const file of sourceFiles(path.join(root, 'src'))) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
    const constants = new Map<string, string>();
    const collect = (node: ts.Node): void => {
      if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) {
        const text = literalText(node.initializer, constants);
        if (text !== undefined) constants.set(node.name.text, text);
      }
      ts.forEachChild(node, collect);
    };
    collect(source);
    const visit = (node: ts.Node): void => {
      const text = ts.isTemplateSpan(node) ? undefined : literalText(node, constants);
      if (text !== undefined && STATEMENT.test(text)) {
        found.push({ file: path.relative(root, file), line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1, sql: text });
        return;
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

/** The `-- all tenants: <why>` a statement that spans tenants on purpose carries inside its text. */
export const ALL_TENANTS = /--[ \t]*all tenants:[ \t]*\S/i;

function references(sql: string, tables: readonly string[]): string[] {
  if (!tables.length) return [];
  const reference = new RegExp(`\\b(?:from|join|update|into)\\s+(${tables.join('|')})\\b`, 'gi');
  return [...sql.matchAll(reference)].map((match) => match[1]!.toLowerCase());
}

/**
 * Why a statement that touches a tenant table does not say whose rows it means, or undefined when it
 * does: it names `tenant_id = $n` (or `tenant_id is null`, the global rows: global admins, global
 * template sections, unattributed receipts), an insert lists tenant_id among its columns, or the text
 * carries `-- all tenants: <why>`. Row-level security still stands behind every statement; this is
 * about the planner, which can search an index by `tenant_id = $n` but not by the policy's OR.
 */
export function tenantFilterProblem(sql: string, tables: readonly string[]): string | undefined {
  const touched = references(sql, tables);
  if (!touched.length || ALL_TENANTS.test(sql)) return undefined;
  const body = sql.replace(/^\s*(?:--[^\n]*\n\s*)*/, '');
  const insert = /^insert\s+into\s+(\w+)\s*\(([^)]*)\)/i.exec(body);
  if (insert && tables.includes(insert[1]!.toLowerCase()) && !/\btenant_id\b/.test(insert[2]!)) {
    return `inserts into ${insert[1]} without tenant_id in its column list`;
  }
  // what an insert reads or updates besides its target (insert … select … from, on conflict do update) needs a filter too
  const rest = insert ? body.slice(insert[0].length).replace(/\bdo\s+update\b/gi, 'do') : body;
  if (insert && !references(rest, tables).length) return undefined;
  // `$1 is null or tenant_id = $1` names no tenant when $1 is null, and in a generic plan is no index condition
  const required = rest.replace(/\$(\d+)(?:::\w+)?\s+is\s+null\s+or\s+(?:\w+\.)?tenant_id\s*=\s*\$\1\b/gi, '');
  if (/\btenant_id\s*(?:=\s*\$\d+|is\s+null)\b/i.test(required)) return undefined;
  return `touches ${[...new Set(touched)].join(', ')} without tenant_id = $n (or a "-- all tenants: <why>" comment)`;
}
