import { remoteImageUrls } from './remote-images';
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

  it('keeps formatting, rewrites inline images and blocks remote ones', () => {
    const out = clean(
      '<p style="color:red"><b>Hi</b> <img src="cid:logo@x" alt="logo"> <img src="https://tracker.example/p.gif"></p>',
    );
    expect(out).toContain('<b>Hi</b>');
    expect(out).toContain('style="color:red"');
    expect(out).toContain('src="/api/v1/attachments/9"');
    expect(out).toContain('<img data-remote-src="https://tracker.example/p.gif" />');
    expect(remoteImageUrls(out)).toEqual(['https://tracker.example/p.gif']);
  });

  it('leaves no remote URL where a browser would load it', () => {
    const out = clean(
      '<img src="http://a.example/1.png?x=1&amp;y=&quot;2&quot;" srcset="http://a.example/1@2x.png 2x">' +
        '<img srcset="https://b.example/2.png 1x, https://b.example/2@2x.png 2x" alt="two">' +
        '<img src="//c.example/3.png"><img src="ftp://d.example/4.png"><img data-remote-src="javascript:alert(1)">' +
        '<table background="https://e.example/bg.png"><tr><td background="https://e.example/td.png" ' +
        'style="background:url(https://e.example/css.png);background-image:url(https://e.example/i.png)">x</td></tr></table>' +
        '<picture><source srcset="https://f.example/s.png"><img src="https://f.example/p.png"></picture>',
    );
    expect(out).not.toMatch(/\s(src|srcset|background)="[^"]*example|url\(|javascript/);
    expect(remoteImageUrls(out)).toEqual([
      'http://a.example/1.png?x=1&y=%222%22',
      'https://b.example/2.png',
      'https://f.example/p.png',
    ]);
    // Sanitising the stored result again (the portal does) keeps the same images.
    expect(remoteImageUrls(clean(out))).toEqual(remoteImageUrls(out));
  });

  it('makes links open safely', () => {
    expect(clean('<a href="https://example.com">x</a>')).toBe(
      '<a href="https://example.com" rel="noopener noreferrer nofollow" target="_blank">x</a>',
    );
  });
});
