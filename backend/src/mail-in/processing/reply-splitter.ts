/**
 * Splits the reply a person typed from the quoted history under it. The full text is
 * always kept beside it; this only decides what is shown first.
 */
const QUOTE_HEADERS = [
  /^-{2,}\s*(original message|reply above this line|ursprüngliche nachricht|message d'origine)\s*-{2,}/i,
  /^#{2}- .*reply above this line.* -#{2}$/i,
  /^_{10,}\s*$/, // Outlook's separator line
  /^on\s.{1,200}\s(wrote|a écrit|schrieb|escribió|scrisse|schreef):?\s*$/i,
  /^(am|le|el|il|op)\s.{1,200}\s(schrieb|a écrit|escribió|scritto|geschreven)\s?.*:\s*$/i,
  /^from:\s.+$/i,
];

export interface SplitReply {
  visible: string;
  quoted: boolean;
}

export function splitReply(text: string): SplitReply {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  let cut = lines.length;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    // "On Tue, … <x@y>" wraps onto the next line in many clients.
    const joined = i + 1 < lines.length ? `${line} ${lines[i + 1].trim()}` : line;
    const header = QUOTE_HEADERS.some((re) => re.test(line) || (/^on\s/i.test(line) && re.test(joined)));
    if (header && i > 0 && (!/^from:/i.test(line) || /^(sent|date|to|subject):/i.test(lines[i + 1]?.trim() ?? ''))) {
      cut = i;
      break;
    }
    // A block of "> " lines running to the end is quoted history.
    if (line.startsWith('>') && lines.slice(i).every((l) => l.trim() === '' || l.trim().startsWith('>'))) {
      cut = i;
      break;
    }
  }
  const visible = lines.slice(0, cut).join('\n').trim();
  if (!visible) return { visible: text.trim(), quoted: false };
  return { visible, quoted: cut < lines.length };
}
