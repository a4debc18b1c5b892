/** What people type into the introduction cards, for tests: complete and valid. */

/** A complete introduction of Margaret Jones, in Harold Hill North (sector RM3 7). */
export const MARGARET = {
  fullName: 'Margaret Jones',
  postcode: 'rm3 7ab',
  phone: '07700 900123',
  ageBand: '75-84',
  consent: 'true',
  consentHow: 'in-person',
  immediateRisk: 'no',
  safeguardingRaised: 'false',
  themes: 'isolation,being-heard',
  goodLife: 'Back at the allotment with friends',
  organisation: 'Demo Borough adult social care',
};

/** A GP practice's flag of a frequent attender, in Rainham (sector RM13 9). */
export const GP_FLAG = {
  fullName: 'Alan Patel',
  dateOfBirth: '1961-05-02',
  postcode: 'RM13 9AB',
  phone: '07700 900456',
  consent: 'true',
  consentHow: 'in-person',
  immediateRisk: 'no',
  practiceName: 'Rainham Health Centre',
  odsCode: 'f84002',
  appointments: '23',
  themes: 'isolation,money',
};

/** A resident introducing herself on the council's website, in Harold Hill North (sector RM3 7). */
export const ANN_ON_THE_WEB = {
  who: 'self',
  fullName: 'Ann Byrne',
  postcode: 'rm3 7ab',
  ageBand: '65-74',
  phone: '07700 900111',
  themes: 'isolation',
  goodLife: 'Getting out to the lunch club again',
  immediateRisk: 'no',
};
