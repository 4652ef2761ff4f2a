import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { channelNames, channelNotSetUp, CONFIG_KEY_PATTERN, offReasons, type ChannelKind } from '../../../services/contracts';

// Strings agents, supervisors and customers read never name a config key (`config.twilio`, `email.smtp`,
// `apiKey`): they say what is off in words and who can fix it. Key paths belong in the hub's log.
const repo = path.resolve(import.meta.dirname, '../../..');

function files(dir: string, pattern = /\.tsx?$/): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return files(full, pattern);
    return pattern.test(name) && !name.endsWith('.d.ts') ? [full] : [];
  });
}

/** Every string a language catalogue holds (the locales folders in renderer/, services/phrases): what people read. */
function catalogueStrings(): Finding[] {
  const leaves = (value: unknown): string[] =>
    typeof value === 'string' ? [value] : value && typeof value === 'object' ? Object.values(value).flatMap(leaves) : [];
  return [...files(path.join(repo, 'renderer'), /^[a-z]{2}\.json$/), ...files(path.join(repo, 'services', 'phrases'), /^[a-z]{2}\.json$/)]
    .filter((file) => file.includes(`${path.sep}locales${path.sep}`) || file.includes(`${path.sep}phrases${path.sep}`))
    .flatMap((file) =>
      leaves(JSON.parse(readFileSync(file, 'utf8')))
        // A bare token (a placeholder host such as imap.example.com) is an example value, not a sentence.
        .filter((text) => !/^[\w.@-]+$/.test(text))
        .map((text) => ({ file: path.relative(repo, file), line: 0, text })),
    );
}

/** `t('key')`, `i18n.t(`key.${x}`)`: the first argument names a catalogue entry; the catalogue is checked instead. */
function isCatalogueKey(node: ts.Node, sf: ts.SourceFile): boolean {
  const call = node.parent as ts.Node | undefined;
  return call !== undefined && ts.isCallExpression(call) && call.arguments[0] === node && /(^|\.)t$/.test(call.expression.getText(sf));
}

/** Text of the string literals and template pieces under `node` (template holes are left out). */
function texts(node: ts.Node): string[] {
  const out: string[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) out.push(n.text);
    else if (ts.isTemplateExpression(n)) out.push(n.head.text, ...n.templateSpans.map((s) => s.literal.text));
    else if (ts.isJsxText(n)) out.push(n.text);
    // A log call inside an argument is for the log, not for the person.
    if (ts.isCallExpression(n) && /\blog\b/.test(n.expression.getText())) return;
    ts.forEachChild(n, visit);
  };
  visit(node);
  return out;
}

type Finding = { file: string; line: number; text: string };

/**
 * Every message the hub sends to a person: HubError and VisitorFault messages (the ack a desk or the widget
 * shows), and the `reason`/`detail` of a module that is off or a channel's status (email/status,
 * telephony/status, channels/available). In the renderer, every string and JSX text.
 */
function personFacingStrings(): Finding[] {
  const found: Finding[] = [];
  const add = (sf: ts.SourceFile, node: ts.Node): void => {
    for (const text of texts(node))
      found.push({ file: path.relative(repo, sf.fileName), line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1, text });
  };
  for (const file of files(path.join(repo, 'services'))) {
    // A config schema's own zod messages (`message:` in config.ts) answer whoever edits the config file, where
    // the key path is exactly what helps; its `reason` for a channel being off is read by people.
    const props = path.basename(file) === 'config.ts' ? /^(reason|detail|why)$/ : /^(reason|detail|why|message)$/;
    const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (n: ts.Node): void => {
      if (ts.isNewExpression(n) && /^(HubError|VisitorFault)$/.test(n.expression.getText(sf)))
        for (const a of n.arguments ?? []) add(sf, a);
      if (ts.isPropertyAssignment(n) && props.test(n.name.getText(sf))) add(sf, n.initializer);
      if (ts.isVariableDeclaration(n) && n.initializer && /^(reason|detail|why)$/.test(n.name.getText(sf))) add(sf, n.initializer);
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  for (const file of files(path.join(repo, 'renderer'))) {
    const sf = ts.createSourceFile(
      file,
      readFileSync(file, 'utf8'),
      ts.ScriptTarget.Latest,
      true,
      file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
    );
    const visit = (n: ts.Node): void => {
      // Imports and the selectors the code uses are not shown to anyone.
      if (ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) return;
      if (isCatalogueKey(n, sf)) return;
      if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n) || ts.isTemplateExpression(n) || ts.isJsxText(n)) {
        // A bare token ('smtp.host', 'accountSid', 'imap.example.com') is an identifier the code uses (a form
        // field's key path, a placeholder host), not words shown as a message; sentences are checked.
        if (!/^[\w.@-]+$/.test(n.getText(sf).replace(/^['"`]|['"`]$/g, ''))) add(sf, n);
        return;
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  return found;
}

describe('plain words for people', () => {
  it('the words catalogue names no config key', () => {
    const kinds: ChannelKind[] = ['voice', 'sms', 'email', 'chat'];
    const all = [...Object.values(offReasons), ...kinds.map(channelNotSetUp), ...Object.values(channelNames)];
    for (const text of all) expect(text, text).not.toMatch(CONFIG_KEY_PATTERN);
    expect(channelNotSetUp('email')).toBe("Email isn't set up on this hub yet. An administrator can set it up under Admin → Channels.");
  });

  it('the pattern catches the leaks it is for', () => {
    for (const leak of ['config.twilio is not set', 'invalid config.email', 'needs twilio.apiKey', 'set email.smtp.host', 'no apiSecret'])
      expect(leak).toMatch(CONFIG_KEY_PATTERN);
    for (const fine of ['Email is off', 'support@demo.example.com', 'Phone calls and text messages', 'An administrator can set it up'])
      expect(fine).not.toMatch(CONFIG_KEY_PATTERN);
  });

  it('no error, off reason or status detail in services/, and no string in renderer/, names a config key', () => {
    const strings = [...personFacingStrings(), ...catalogueStrings()];
    expect(strings.length).toBeGreaterThan(300);
    expect(catalogueStrings().length).toBeGreaterThan(1000);
    const leaks = strings.filter((s) => CONFIG_KEY_PATTERN.test(s.text)).map((s) => `${s.file}:${s.line}: ${s.text}`);
    expect(leaks).toEqual([]);
  });
});
