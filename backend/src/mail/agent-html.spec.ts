import { isBlankHtml, referencedImageIds, sanitizeAgentHtml, withCidImages } from './agent-html';

describe('agent HTML (rich-text replies)', () => {
  it('finds the attachment images the HTML shows, not look-alikes', () => {
    expect(
      referencedImageIds(
        '<p><img src="/api/v1/attachments/7"><img alt="x" src=\'/api/v1/attachments/9\'><img src="/api/v1/attachments/7"></p>' +
          '<a href="/api/v1/attachments/3">file</a><!-- <img src="/api/v1/attachments/4"> -->' +
          '<img src="https://evil.example/api/v1/attachments/5"><img src="/api/v1/attachments/6/../1">',
      ),
    ).toEqual([7, 9]);
  });

  it('keeps only the images it is told are the agent’s, and is null when nothing shows', () => {
    expect(
      sanitizeAgentHtml('<p>a<img src="/api/v1/attachments/7"><img src="/api/v1/attachments/8"></p>', new Set([7])),
    ).toBe('<p>a<img src="/api/v1/attachments/7" /></p>');
    expect(sanitizeAgentHtml('<p><script>x</script></p><p>&nbsp;</p>', new Set())).toBeNull();
    expect(isBlankHtml('<p><img src="/api/v1/attachments/7" /></p>')).toBe(false);
  });

  it('points the images of inline parts at their Content-IDs', () => {
    expect(
      withCidImages(
        '<p><img alt="a" src="/api/v1/attachments/7" /><img src="/api/v1/attachments/8" /></p>',
        new Map([[7, '7.12@helpdesk']]),
      ),
    ).toBe('<p><img alt="a" src="cid:7.12@helpdesk" /><img src="/api/v1/attachments/8" /></p>');
  });
});
