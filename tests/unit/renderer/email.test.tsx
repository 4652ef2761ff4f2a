// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { EmailBody } from '../../../renderer/features/conversation/EmailBody';
import { frameCsp, looksActive, sanitizeEmailHtml } from '../../../renderer/features/conversation/emailSanitizer';

/*
 * happy-dom's parser is not a browser's: DOMPurify over it can leave a <script> in place. These tests
 * (and unwraps a leading element, hence the <p> openers below) therefore assert the invariant that holds on ANY DOM (nothing active ever reaches the frame: either clean
 * output or a plain-text fallback). The chromium test (tests/e2e/desktop.test.ts) checks the real path.
 */
afterEach(cleanup);

const vectors = [
  '<script>parent.__pwned = 1</script>',
  '<img src="x" onerror="parent.__pwned = 2">',
  '<p onclick="parent.__pwned = 3">Hello</p>',
  '<a href="javascript:parent.__pwned = 4">pay now</a>',
  '<iframe src="https://evil.example"></iframe>',
  '<form action="https://evil.example"><input name="pw"></form>',
  '<svg><script>parent.__pwned = 5</script></svg>',
  '<meta http-equiv="refresh" content="0;url=https://evil.example">',
  '<object data="x.swf"></object><embed src="x.swf">',
  '<a href="  JaVaScRiPt:alert(1)">x</a>',
];

describe('email sanitiser', () => {
  it.each(vectors)('never lets active content through: %s', (vector) => {
    const result = sanitizeEmailHtml(`<p>Hello <b>team</b></p>${vector}`, true);
    if (result.safe) {
      expect(looksActive(result.srcDoc.slice(result.srcDoc.indexOf('<body>')))).toBe(false);
      expect(result.srcDoc).toContain('Hello <b>team</b>');
    } else {
      expect(result.reason).toMatch(/sanitis/);
    }
  });

  it('recognises active markup, and leaves ordinary mail alone', () => {
    expect(looksActive('<SCRIPT >x')).toBe(true);
    expect(looksActive('<img src=x ONERROR =y>')).toBe(true);
    expect(looksActive('<a title="javascript:void(0)">')).toBe(true);
    expect(looksActive('<p style="color:red">Dear customer, <b>thanks</b></p><img src="data:image/png;base64,AA">')).toBe(false);
    // Text about scripts is text: escaped by the parser, so it is not mistaken for markup.
    expect(looksActive('<p>Type javascript: in the box; the onboarding = done &lt;script&gt;</p>')).toBe(false);
  });

  it('holds remote images back until the agent allows them', () => {
    const blocked = sanitizeEmailHtml('<p>Logo:</p><img src="https://tracker.example/open.gif?u=42" alt="logo">', false);
    expect(blocked).toMatchObject({ safe: true, blockedImages: 1 });
    if (!blocked.safe) return;
    expect(blocked.srcDoc).not.toMatch(/\ssrc="https:\/\/tracker/);
    expect(blocked.srcDoc).toContain('data-blocked-src="https://tracker.example/open.gif?u=42"');
    const shown = sanitizeEmailHtml('<p>Logo:</p><img src="https://tracker.example/open.gif?u=42" alt="logo">', true);
    expect(shown).toMatchObject({ safe: true, blockedImages: 0 });
    if (shown.safe) expect(shown.srcDoc).toContain('src="https://tracker.example/open.gif?u=42"');
  });

  it('makes links inert and shows where they pointed', () => {
    const result = sanitizeEmailHtml('<p>Please</p><a href="https://phish.example/login" target="_blank">log in</a>', false);
    expect(result).toMatchObject({ safe: true, neutralisedLinks: 1 });
    if (!result.safe) return;
    expect(result.srcDoc).not.toContain('href=');
    expect(result.srcDoc).toContain('title="Link (not opened from the message view): https://phish.example/login"');
  });

  it('frame policy: no scripts ever; remote images only when allowed', () => {
    expect(frameCsp(false)).toBe(
      "default-src 'none'; style-src 'unsafe-inline'; img-src data: cid:; font-src data:; base-uri 'none'; form-action 'none'",
    );
    expect(frameCsp(true)).toContain('img-src data: cid: https: http:');
    expect(frameCsp(true)).not.toContain('script-src');
  });
});

describe('<EmailBody>', () => {
  it('renders into a fully sandboxed srcdoc frame and shows images only after a click', () => {
    render(<EmailBody html={'<p>Hi</p><img src="https://tracker.example/a.gif">'} text="Hi" title="Email from Dana" />);
    const frame = screen.getByTitle('Email from Dana');
    expect(frame.tagName).toBe('IFRAME');
    expect(frame.getAttribute('sandbox')).toBe('');
    expect(frame.getAttribute('srcdoc')).toContain('data-blocked-src');
    fireEvent.click(screen.getByRole('button', { name: 'Show images' }));
    expect(frame.getAttribute('srcdoc')).toContain('src="https://tracker.example/a.gif"');
    expect(screen.queryByRole('button', { name: 'Show images' })).toBeNull();
  });

  it('falls back to the plain-text body when the HTML cannot be shown safely', () => {
    // A script inside text the parser keeps is the case happy-dom gets wrong; either way no frame may carry it.
    render(<EmailBody html={'<p>Hi</p><script>parent.__pwned = 1</script>'} text="Hi (plain)" title="Email from Dana" />);
    const frame = screen.queryByTitle('Email from Dana');
    if (frame) expect(frame.getAttribute('srcdoc')).not.toMatch(/<script/i);
    else expect(screen.getByText('Hi (plain)')).toBeTruthy();
  });
});
