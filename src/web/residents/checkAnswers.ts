/**
 * "Check your answers": a summary list for each part of the journey, each row with its Change link
 * back to its page (answering a changed page comes back here). Every value is as typed; the words
 * are the page's language's.
 */
import { THEMES } from '../../domain/introductions/introduction';
import type { WebAnswers, WebField, WebWho } from '../../domain/introductions/webIntroduction';
import { base } from './frame';
import { type Language, type MessageKey, message } from './messages';
import type { Step } from './steps';

/** Check your answers: a summary list a page, each row with its Change link back to its page. */
export function checkSections(lang: Language, answers: WebAnswers) {
  const who = answers.who as WebWho;
  const about = who === 'self' ? 'self' : 'other';
  const t = (key: string, values: Record<string, string | number> = {}) =>
    message(lang, key as MessageKey, values);
  const given = (value: string | undefined) => (value?.trim() ? value.trim() : t('check.notGiven'));
  const row = (step: Step, field: WebField, key: string, value: string) => ({
    key: { text: t(key) },
    // Kept as typed, new lines and all.
    value: { text: value },
    actions: {
      items: [
        {
          href: `${base(lang)}/${step}?change=1#${field}`,
          text: t('check.change'),
          visuallyHiddenText: t(key),
        },
      ],
    },
  });
  const sections = [
    {
      heading: t('check.about'),
      rows: [
        row('who', 'who', 'check.who', t(`who.${who}`)),
        row('person', 'fullName', `person.fullName.${about}`, given(answers.fullName)),
        row('person', 'preferredName', `person.preferredName.${about}`, given(answers.preferredName)),
        row(
          'person',
          'postcode',
          `person.postcode.${about}`,
          answers.noFixedAddress === 'yes' ? t(`person.noFixedAddress.${about}`) : given(answers.postcode),
        ),
        row(
          'person',
          'ageBand',
          `person.ageBand.${about}`,
          answers.ageBand ? t(`ageBand.${answers.ageBand}`) : t('check.notGiven'),
        ),
      ],
    },
    {
      heading: t(`contact.title.${about}`),
      rows: [
        row('contact', 'phone', 'contact.phone', given(answers.phone)),
        row('contact', 'email', 'contact.email', given(answers.email)),
        row(
          'contact',
          'contactPreference',
          `contact.preference.${about}`,
          answers.contactPreference ? t(`contactWay.${answers.contactPreference}`) : t('check.notGiven'),
        ),
        row('contact', 'contactTimes', `contact.times.${about}`, given(answers.contactTimes)),
      ],
    },
    {
      heading: t(`matters.title.${about}`),
      rows: [
        row('matters', 'goodLife', `matters.goodLife.${about}`, given(answers.goodLife)),
        row(
          'matters',
          'themes',
          `matters.themes.${about}`,
          (answers.themes ?? '')
            .split(',')
            .filter((theme) => Object.hasOwn(THEMES, theme))
            .map((theme) => t(`theme.${theme}`))
            .join(', ') || t('check.notGiven'),
        ),
        row('matters', 'anythingElse', 'matters.anythingElse', given(answers.anythingElse)),
      ],
    },
  ];
  if (who !== 'self')
    sections.push({
      heading: t('introducer.title'),
      rows: [
        ...(who === 'group'
          ? [row('introducer', 'groupName', 'introducer.groupName', given(answers.groupName))]
          : []),
        row('introducer', 'introducerName', 'introducer.name', given(answers.introducerName)),
        row('introducer', 'introducerPhone', 'introducer.phone', given(answers.introducerPhone)),
        row('introducer', 'introducerEmail', 'introducer.email', given(answers.introducerEmail)),
        row(
          'introducer',
          'agreed',
          'introducer.agreedLegend',
          answers.agreed === 'yes' ? t('common.yes') : t('common.no'),
        ),
      ],
    });
  return sections;
}
