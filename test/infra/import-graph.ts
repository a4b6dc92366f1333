import { readdirSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import ts from 'typescript';

/** A package of the monorepo: an app or a lib, its sources under `<dir>/src`. */
export interface SourcePackage {
  name: string;
  dir: string;
}

/** Source files that are part of a package's dependency structure (tests depend on it, not it on them). */
const isSource = (file: string): boolean => file.endsWith('.ts') && !file.endsWith('.d.ts') && !/\.(e2e-)?spec\.ts$/.test(file);

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : walk(path);
    return isSource(path) ? [path] : [];
  });
}

/** The packages of a monorepo root: every folder under apps/ and libs/ that has a src/. */
export function packagesOf(root: string): SourcePackage[] {
  return ['apps', 'libs'].flatMap((group) => {
    let entries: string[];
    try {
      entries = readdirSync(join(root, group), { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => e.name);
    } catch {
      return [];
    }
    return entries
      .filter((name) => readdirSync(join(root, group, name)).includes('src'))
      .map((name) => ({ name: `${group}/${name}`, dir: join(root, group, name) }));
  });
}

/** Every module a file names: imports, re-exports, `import type`, `import()` and `require()`. */
function specifiers(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      found.push(node.moduleSpecifier.text);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      const expression = node.moduleReference.expression;
      if (ts.isStringLiteral(expression)) found.push(expression.text);
    } else if (
      ts.isCallExpression(node) &&
      (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require')) &&
      node.arguments.length === 1 &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      found.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/**
 * The import graph of the packages' source files (absolute paths), resolved as the compiler
 * resolves them with `tsconfigPath` (so the `@sf/*` aliases lead into libs/). Only edges between
 * the packages' own files are kept.
 */
export function importGraph(packages: SourcePackage[], tsconfigPath: string): Map<string, Set<string>> {
  const config = ts.readConfigFile(tsconfigPath, (path) => ts.sys.readFile(path));
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, dirname(tsconfigPath));
  const files = packages.flatMap((p) => walk(join(p.dir, 'src')));
  const known = new Set(files);
  const host = ts.createCompilerHost(options);
  const graph = new Map<string, Set<string>>();
  for (const file of files) {
    const edges = new Set<string>();
    for (const specifier of specifiers(file, ts.sys.readFile(file) ?? '')) {
      const resolved = ts.resolveModuleName(specifier, file, options, host).resolvedModule?.resolvedFileName;
      if (resolved && known.has(resolved)) edges.add(resolved);
    }
    graph.set(file, edges);
  }
  return graph;
}

/** The graph with each node replaced by its group (`groupOf` null: the node is left out); self-edges dropped. */
export function collapse(graph: Map<string, Set<string>>, groupOf: (node: string) => string | null): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const [from, targets] of graph) {
    const a = groupOf(from);
    if (a === null) continue;
    if (!out.has(a)) out.set(a, new Set());
    for (const to of targets) {
      const b = groupOf(to);
      if (b !== null && b !== a) out.get(a)?.add(b);
    }
  }
  return out;
}

/** The strongly connected components with more than one node (Tarjan): each is a cycle, or several. */
export function cycles(graph: Map<string, Set<string>>): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const connect = (v: string): void => {
    indices.set(v, index);
    low.set(v, index);
    index += 1;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!indices.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v) as number, indices.get(w) as number));
      }
    }
    if (low.get(v) === indices.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop() as string;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!indices.has(v)) connect(v);
  return found;
}

/**
 * The unit of a file inside its package: the top folder under src/ it sits in (`checkout/`),
 * or the file itself when it sits in src/ (the root module, config: each its own unit).
 */
export function folderOf(pkg: SourcePackage, file: string): string | null {
  const path = relative(join(pkg.dir, 'src'), file);
  if (path.startsWith('..')) return null;
  const parts = path.split(sep);
  return parts.length === 1 ? parts[0] : `${parts[0]}/`;
}

/** Every import cycle of the packages, named relative to `root`: between files, between folders of one package, between packages. */
export function importCycles(root: string, packages: SourcePackage[], tsconfigPath: string) {
  const graph = importGraph(packages, tsconfigPath);
  const packageOf = (file: string) => packages.find((p) => file.startsWith(p.dir + sep)) ?? null;
  const name = (file: string) => relative(root, file);
  const files = cycles(graph).map((c) => c.map(name));
  const folders = packages.flatMap((pkg) =>
    cycles(collapse(graph, (file) => (packageOf(file) === pkg ? folderOf(pkg, file) : null))).map((c) => c.map((f) => `${pkg.name}: ${f}`)),
  );
  const between = cycles(collapse(graph, (file) => packageOf(file)?.name ?? null));
  return { files, folders, packages: between };
}
