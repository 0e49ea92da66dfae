import { sanitizeMailHtml } from './sanitize-mail-html';

describe('sanitizeMailHtml', () => {
  const clean = (html: string) => sanitizeMailHtml(html, new Map([['logo@x', '/api/v1/attachments/9']]));

  it.each([
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<iframe src="https://evil.example"></iframe>',
    '<form action="https://evil.example"><input name=p></form>',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<base href="https://evil.example/">',
    '<link rel=stylesheet href="https://evil.example/x.css">',
    '<svg><script>alert(1)</script></svg>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<p onclick="alert(1)">x</p>',
    '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  ])('neutralises %s', (payload) => {
    const out = clean(payload);
    expect(out).not.toMatch(/<script|onerror|onclick|javascript:|<iframe|<form|<meta|<base|<link|<svg|<style/i);
  });

  it('keeps formatting, rewrites inline images and drops remote ones', () => {
    const out = clean(
      '<p style="color:red"><b>Hi</b> <img src="cid:logo@x" alt="logo"> <img src="https://tracker.example/p.gif"></p>',
    );
    expect(out).toContain('<b>Hi</b>');
    expect(out).toContain('style="color:red"');
    expect(out).toContain('src="/api/v1/attachments/9"');
    expect(out).not.toContain('tracker.example');
  });

  it('makes links open safely', () => {
    expect(clean('<a href="https://example.com">x</a>')).toBe(
      '<a href="https://example.com" rel="noopener noreferrer nofollow" target="_blank">x</a>',
    );
  });
});
