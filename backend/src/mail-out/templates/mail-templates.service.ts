import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { ShortCache } from '../../common/short-cache';
import { Tx } from '../../database/transactions';
import { MailTemplateView } from './mail-template.view';
import { EditedTemplate, MailTemplatesRepository } from './mail-templates.repository';
import {
  DEFAULT_TEMPLATES,
  MailTemplate,
  PLACEHOLDERS,
  RenderedMail,
  renderTemplate,
  SAMPLE_VALUES,
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
  private readonly cache = new ShortCache<Map<string, EditedTemplate>>();

  constructor(private readonly templates: MailTemplatesRepository) {}

  /** The template of `key` and whether its mail is sent (`enabled`: false when an admin switched it off). */
  async get(key: TemplateKey, tx?: Tx): Promise<EditedTemplate> {
    return (await this.edited(tx)).get(key) ?? { ...DEFAULT_TEMPLATES[key], enabled: true };
  }

  async list(): Promise<MailTemplateView[]> {
    const edited = await this.edited();
    return TEMPLATE_KEYS.map((key) => ({
      key,
      ...(edited.get(key) ?? { ...DEFAULT_TEMPLATES[key], enabled: true }),
      placeholders: PLACEHOLDERS[key],
    }));
  }

  /**
   * Rewords a template and/or switches its mail on or off; what is left out stays as it is.
   * @throws NotFoundException for an unknown key; BadRequestException (with `fields`) for placeholders the key does not offer.
   */
  async update(key: string, change: Partial<EditedTemplate>): Promise<MailTemplateView> {
    const k = this.known(key);
    const given = Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined));
    const t: EditedTemplate = { ...(await this.get(k)), ...given };
    this.assertPlaceholders(k, t);
    await this.templates.save(k, t);
    this.cache.clear();
    return (await this.list()).find((x) => x.key === k)!;
  }

  /**
   * The mail `t` would give (its subject, text and HTML parts) with sample values for every
   * placeholder, for an admin to see before saving; nothing is stored or sent.
   * @throws as `update`.
   */
  preview(key: string, t: MailTemplate): RenderedMail {
    const k = this.known(key);
    this.assertPlaceholders(k, t);
    return renderTemplate(t, SAMPLE_VALUES);
  }

  private known(key: string): TemplateKey {
    if (!(TEMPLATE_KEYS as readonly string[]).includes(key))
      throw new NotFoundException(`No mail template ${key}; there are ${TEMPLATE_KEYS.join(', ')}`);
    return key as TemplateKey;
  }

  private assertPlaceholders(k: TemplateKey, t: MailTemplate) {
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
  }

  private edited(tx?: Tx): Promise<Map<string, EditedTemplate>> {
    return this.cache.get(() => this.templates.edited(tx), tx !== undefined);
  }
}
