/**
 * A subject access export as files: JSON (everything, as structured data) and a readable HTML
 * document (one page, no scripts, no outside resources, every value escaped), in which other
 * people's details are highlighted for the records lead's redaction review.
 */
import escapeHtml from 'escape-html';
import type { SubjectAccessExport, SubjectAccessRecord } from '../../domain/records/subjectAccess';

export function subjectAccessJson(document: SubjectAccessExport): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

const LABELS: Record<string, string> = {
  aadObjectId: 'Entra object id',
  objectId: 'Entra object id',
  odsCode: 'ODS code',
  thirdParty: '',
  staff: '',
  ons4: 'ONS4',
  id: 'Record id',
};

/** "fullName" → "Full name". */
function label(key: string): string {
  if (key in LABELS) return LABELS[key] ?? key;
  if (/^\d+$/.test(key)) return `${Number(key) + 1}.`;
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const isThirdParty = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && (value as { thirdParty?: unknown }).thirdParty === true;
const isStaff = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && (value as { staff?: unknown }).staff === true;
/** Free text, marked for review: `{ text, review }`. */
const isFreeText = (value: unknown): value is { text: string; review: string } =>
  value !== null &&
  typeof value === 'object' &&
  typeof (value as { text?: unknown }).text === 'string' &&
  typeof (value as { review?: unknown }).review === 'string' &&
  Object.keys(value).length === 2;

function scalar(value: unknown): string {
  if (value === true) return 'yes';
  if (value === false) return 'no';
  return escapeHtml(String(value));
}

/** A value as HTML: objects as definition lists, lists as ordered lists, other people marked. */
function html(value: unknown): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return '<span class="none">none</span>';
    if (value.every((v) => v === null || typeof v !== 'object')) return value.map(scalar).join(', ');
    return `<ol>${value.map((v) => `<li>${html(v)}</li>`).join('')}</ol>`;
  }
  if (isFreeText(value))
    return `<div class="free-text"><span class="tag">${escapeHtml(value.review)}</span>${escapeHtml(value.text).replaceAll('\n', '<br>')}</div>`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(
      ([k, v]) => k !== 'thirdParty' && k !== 'staff' && v !== undefined,
    );
    const list = `<dl>${entries.map(([k, v]) => `<dt>${escapeHtml(label(k))}</dt><dd>${html(v)}</dd>`).join('')}</dl>`;
    if (isThirdParty(value))
      return `<div class="third-party"><span class="tag">Another person: review before release</span>${list}</div>`;
    if (isStaff(value))
      return `<div class="staff"><span class="tag">Staff, in their job: usually released</span>${list}</div>`;
    return list;
  }
  return scalar(value);
}

function words(items: SubjectAccessRecord['posted'], none: string): string {
  if (items.length === 0) return `<p class="none">${escapeHtml(none)}</p>`;
  return items
    .map(
      (item) =>
        `<figure><figcaption>${escapeHtml(item.where)}${item.at ? `, ${escapeHtml(item.at)}` : ''}</figcaption><blockquote>${escapeHtml(item.words).replaceAll('\n', '<br>')}</blockquote></figure>`,
    )
    .join('');
}

function section(record: SubjectAccessRecord): string {
  const history = record.accessHistory
    .map(
      (entry) =>
        `<tr><td>${escapeHtml(entry.at)}</td><td class="${entry.who.thirdParty ? 'third-party' : 'staff'}">${escapeHtml(entry.who.name)}<br><small>${escapeHtml(entry.who.role)}; ${escapeHtml(String(entry.who.organisation ?? ''))}; ${escapeHtml(String(entry.who.objectId ?? ''))}</small></td><td>${escapeHtml(entry.what)}${entry.detail ? ` (${escapeHtml(entry.detail)})` : ''}</td></tr>`,
    )
    .join('');
  return [
    `<section><h2>${escapeHtml(record.reference)}: ${escapeHtml(record.status)}</h2>`,
    '<h3>The record</h3>',
    html(record.record),
    '<h3>How long it is kept</h3>',
    html(record.retention),
    '<h3>What the bot posted about the person</h3>',
    words(record.posted, 'Nothing posted.'),
    '<h3>What the bot sent about the person</h3>',
    words(record.sent, 'No message words held (each delivery is listed in the events).'),
    '<h3>Who saw or changed the record</h3>',
    history
      ? `<table><thead><tr><th>When</th><th>Who</th><th>What</th></tr></thead><tbody>${history}</tbody></table>`
      : '<p class="none">No access recorded.</p>',
    '</section>',
  ].join('\n');
}

const STYLE = `body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.4}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:.3rem 0}dt{font-weight:600}dd{margin:0}
ol{padding-left:1.4rem}.third-party{background:#fff3c4;outline:1px dashed #b58900;padding:.2rem}
.free-text{background:#fff3c4;outline:1px dashed #b58900;padding:.2rem}.staff{border-left:3px solid #9cc3e6;padding-left:.3rem}
.tag{display:block;font-size:.8rem;font-weight:700;color:#7a5b00}.none{color:#666}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.3rem;vertical-align:top;text-align:left}
blockquote{margin:.2rem 0 1rem;padding:.5rem;border-left:4px solid #ccc;background:#f6f6f6}
@media print{.third-party{background:none}}`;

/** What Article 15(1) gives the person beside their data, in the order it lists them. */
function about(info: SubjectAccessExport['aboutTheProcessing']): string {
  const item = (title: string, body: string) => `<h3>${escapeHtml(title)}</h3>${body}`;
  const p = (text: string) => `<p>${escapeHtml(text)}</p>`;
  const list = (items: string[]) => `<ul>${items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`;
  return [
    '<section><h2>How this information is used</h2>',
    item('Who holds it', p(info.controller)),
    item('Data protection officer', p(info.dataProtectionOfficer)),
    item(
      'Why it is held, and the law that allows it',
      list(info.purposes.map((x) => `${x.purpose}. ${x.lawfulBasis}.`)),
    ),
    item('Who it is shared with', list(info.recipients)),
    item('How long it is kept', p(info.retention)),
    item('Where it came from', p(info.source)),
    item('Automated decisions', p(info.automatedDecisions)),
    item('Your rights', list(info.rights)),
    item('Complaints', p(info.complaint)),
    item('Privacy notice', p(info.privacyNotice)),
    '</section>',
  ].join('\n');
}

export function subjectAccessHtml(document: SubjectAccessExport): string {
  return `<!doctype html>
<html lang="en-GB">
<head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"><title>${escapeHtml(document.title)}</title><style>${STYLE}</style></head>
<body>
<h1>${escapeHtml(document.title)}</h1>
<p>Made ${escapeHtml(document.madeAt)} for a records lead, ${escapeHtml(document.madeBy.name)}; found ${escapeHtml(document.foundBy)}. ${document.records.length} record(s).</p>
<ul>${document.notes.map((note) => `<li>${escapeHtml(note)}</li>`).join('')}</ul>
${about(document.aboutTheProcessing)}
${document.records.map(section).join('\n')}
</body>
</html>
`;
}
