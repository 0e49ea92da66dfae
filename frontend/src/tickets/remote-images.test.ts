import { describe, expect, it } from 'vitest';
import { withRemoteImages } from './remote-images';

describe('withRemoteImages', () => {
  it('points each remote image, in document order, at the api proxy and leaves the rest alone', () => {
    const html =
      '<p>Hi <img data-remote-src="https://a.example/1.png" alt="one"></p>' +
      '<img src="/api/v1/attachments/4"><table><tr><td><img data-remote-src="https://b.example/2.png?a=1&amp;b=2"></td></tr></table>';
    const out = withRemoteImages(html, 9, 31);
    expect(out).toContain('<img alt="one" src="/api/v1/tickets/9/messages/31/remote-images/0">');
    expect(out).toContain('<img src="/api/v1/tickets/9/messages/31/remote-images/1">');
    expect(out).toContain('<img src="/api/v1/attachments/4">');
    expect(out).not.toMatch(/example/);
  });
});
