import { parseMail } from './parsed-mail';

describe('parseMail', () => {
  it('reads List-Id and List-Unsubscribe, which mailparser folds into one object', async () => {
    const mail = await parseMail(
      Buffer.from(
        'From: a@b.c\r\nList-Id: News\r\n <news.example.org>\r\nList-Unsubscribe: <mailto:x@y.z>\r\nSubject: x\r\n\r\nhi\r\n',
      ),
    );
    expect(mail.headers.get('list-id')).toBe('News <news.example.org>');
    expect(mail.headers.get('List-Unsubscribe')).toBe('<mailto:x@y.z>');
    expect(mail.headers.get('list-help')).toBeUndefined();
  });
});
