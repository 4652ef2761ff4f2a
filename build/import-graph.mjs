// The services/ import graph, type imports included, drawn from the code itself (TypeScript's own import
// scanner, so `import type`, `export … from` and `import('…')` types all count). Prints rooms, floors,
// import circles and imports that run back up a floor; `npm run lint` runs it with --check, which fails
// on any circle or any import that breaks the declared floors (docs/architecture.md draws them).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Floors, lowest first: a room may import only rooms on its own floor or below, and rooms on one floor
 * may not import each other in a circle. A room is a top-level folder of services/ (channels/<name> for
 * channels). The order is the design; a new folder must be placed here before it can be imported.
 */
export const FLOORS = [
  // threads: starting a worker thread from built or source code (ingest's batch writer, voc's analysis).
  ['contracts', 'threads'],
  // phrases: the hub's words to customers (voice prompts, acknowledgements, chat lines); catalogues, no state.
  // cluster: team mode's PostgreSQL parts (leases, singletons, the event feed, the socket.io adapter).
  ['store', 'phrases', 'cluster'],
  ['routing', 'identity'],
  ['ingest'],
  ['hub'],
  ['acknowledgements'],
  ['customers', 'metrics', 'channels/email', 'channels/telephony', 'channels/webchat', 'accounts', 'audit'],
  // platform serves outbound's command to API keys (same floor: no circle between them).
  ['supervision', 'outbound', 'answers', 'settings', 'channelAvailability', 'voc', 'platform'],
  ['server'],
  ['simulator'],
];

export function roomOf(file) {
  const parts = path.relative(path.join(root, 'services'), file).split(path.sep);
  return parts[0] === 'channels' ? `channels/${parts[1]}` : parts[0];
}

function listTs(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...listTs(full));
    else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

function resolveImport(from, spec) {
  if (!spec.startsWith('.')) return null;
  const base = path.resolve(path.dirname(from), spec);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')]) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not this one
    }
  }
  return null;
}

/** Strongly connected components with more than one member (Tarjan), each a circle of imports. */
function circles(nodes, edgesOf) {
  let index = 0;
  const stack = [];
  const onStack = new Set();
  const order = new Map();
  const low = new Map();
  const found = [];
  const visit = (v) => {
    order.set(v, index);
    low.set(v, index);
    index += 1;
    stack.push(v);
    onStack.add(v);
    for (const w of edgesOf(v)) {
      if (!order.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), order.get(w)));
    }
    if (low.get(v) === order.get(v)) {
      const component = [];
      let w;
      do {
        w = stack.pop();
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || edgesOf(v).includes(v)) found.push(component);
    }
  };
  for (const v of nodes) if (!order.has(v)) visit(v);
  return found;
}

export function analyse() {
  const files = listTs(path.join(root, 'services'));
  const edges = new Map();
  for (const file of files) {
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets = new Set();
    for (const ref of info.importedFiles) {
      const target = resolveImport(file, ref.fileName);
      if (target && target !== file) targets.add(target);
    }
    edges.set(file, [...targets]);
  }
  const floorOf = new Map(FLOORS.flatMap((rooms, floor) => rooms.map((room) => [room, floor])));
  const rel = (f) => path.relative(root, f);
  const roomEdges = new Map();
  const unplaced = new Set();
  const backEdges = [];
  for (const [file, targets] of edges) {
    const from = roomOf(file);
    if (!floorOf.has(from)) unplaced.add(from);
    for (const target of targets) {
      const to = roomOf(target);
      if (to === from) continue;
      if (!floorOf.has(to)) unplaced.add(to);
      const key = `${from} -> ${to}`;
      roomEdges.set(key, (roomEdges.get(key) ?? 0) + 1);
      if ((floorOf.get(to) ?? -1) > (floorOf.get(from) ?? -1)) backEdges.push(`${rel(file)} -> ${rel(target)}`);
    }
  }
  const rooms = [...new Set(files.map(roomOf))].sort();
  const roomAdjacency = new Map(rooms.map((r) => [r, []]));
  for (const key of roomEdges.keys()) {
    const [from, to] = key.split(' -> ');
    roomAdjacency.get(from).push(to);
  }
  return {
    files: files.length,
    rooms,
    roomEdges,
    unplaced: [...unplaced].sort(),
    backEdges: backEdges.sort(),
    fileCircles: circles(files, (f) => edges.get(f) ?? []).map((c) => c.map(rel).sort()),
    roomCircles: circles(rooms, (r) => roomAdjacency.get(r) ?? []).map((c) => c.sort()),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = analyse();
  const check = process.argv.includes('--check');
  console.log(`services/: ${result.files} files in ${result.rooms.length} rooms on ${FLOORS.length} floors`);
  console.log(`import circles: ${result.fileCircles.length} between files, ${result.roomCircles.length} between rooms`);
  for (const circle of result.fileCircles) console.log(`  circle: ${circle.join(', ')}`);
  for (const circle of result.roomCircles) console.log(`  room circle: ${circle.join(', ')}`);
  console.log(`imports that run back up a floor: ${result.backEdges.length}`);
  for (const edge of result.backEdges) console.log(`  ${edge}`);
  if (result.unplaced.length) console.log(`rooms on no floor: ${result.unplaced.join(', ')}`);
  if (process.argv.includes('--rooms')) for (const [key, n] of [...result.roomEdges].sort()) console.log(`  ${key} (${n})`);
  const broken = result.fileCircles.length + result.roomCircles.length + result.backEdges.length + result.unplaced.length;
  if (check && broken > 0) process.exit(1);
}
