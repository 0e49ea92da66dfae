import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { ShortCache } from '../../common/short-cache';
import { Tx } from '../../database/transactions';
import { MailTemplateView } from './mail-template.view';
import { MailTemplatesRepository } from './mail-templates.repository';
import {
  DEFAULT_TEMPLATES,
  MailTemplate,
  PLACEHOLDERS,
  TEMPLATE_KEYS,
  TemplateKey,
  unknownPlaceholders,
} from './mail-templates';

/**
 * Admin-edited templates, over built-in defaults. Read at most once a second per
 * process: every new email ticket renders an acknowledgement, and templates change
 * rarely; an edit is seen within a second on every replica. A caller inside a
 * transaction passes it, so a stale cache is refreshed on that connection: waiting for a
 * second pool connection while holding one deadlocks once every connection is held so.
 */
@Injectable()
export class MailTemplatesService {
  private readonly cache = new ShortCache<Map<string, MailTemplate>>();

  constructor(private readonly templates: MailTemplatesRepository) {}

  async get(key: TemplateKey, tx?: Tx): Promise<MailTemplate> {
    return (await this.edited(tx)).get(key) ?? DEFAULT_TEMPLATES[key];
  }

  async list(): Promise<MailTemplateView[]> {
    const edited = await this.edited();
    return TEMPLATE_KEYS.map((key) => ({
      key,
      ...(edited.get(key) ?? DEFAULT_TEMPLATES[key]),
      placeholders: PLACEHOLDERS[key],
    }));
  }

  async update(key: string, t: MailTemplate): Promise<MailTemplateView> {
    if (!(TEMPLATE_KEYS as readonly string[]).includes(key))
      throw new NotFoundException(`No mail template ${key}; there are ${TEMPLATE_KEYS.join(', ')}`);
    const k = key as TemplateKey;
    const fields: Record<string, string[]> = {};
    for (const field of ['subject', 'body'] as const) {
      const unknown = unknownPlaceholders(k, t[field]);
      if (unknown.length)
        fields[field] = [
          `unknown placeholders ${unknown.map((u) => `{{${u}}}`).join(', ')}; this template offers ${PLACEHOLDERS[k].join(', ')}`,
        ];
    }
    if (Object.keys(fields).length) {
      throw new BadRequestException({
        message: Object.entries(fields)
          .map(([f, p]) => `${f}: ${p[0]}`)
          .join('; '),
        fields,
      });
    }
    await this.templates.save(k, t);
    this.cache.clear();
    return (await this.list()).find((x) => x.key === k)!;
  }

  private edited(tx?: Tx): Promise<Map<string, MailTemplate>> {
    return this.cache.get(() => this.templates.edited(tx), tx !== undefined);
  }
}
