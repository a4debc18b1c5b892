/** The directory's cards: who covers a postcode, and the directory for administrators. */

import { type AdaptiveCardJson, expand } from '../cards/adaptiveCards';
import directoryTemplate from './directory.json';
import whoCoversTemplate from './whoCovers.json';

export interface WhoCoversCardData {
  /** What the person typed, kept in the box. */
  asked?: string;
  answer?: { headline: string; lines: string[]; style: 'good' | 'attention' | 'emphasis' };
  /** Shown under the box when what was typed is not a postcode. */
  error?: string;
}

export function whoCoversCard(data: WhoCoversCardData): AdaptiveCardJson {
  return expand(whoCoversTemplate, {
    asked: data.asked ?? '',
    answer: data.answer ?? null,
    error: data.error ?? '',
  });
}

export interface DirectoryCardData {
  title: string;
  summary: string;
  /** The version in force: which, where from, who and why, and why it is in force. */
  facts: { title: string; value: string }[];
  /** Changes in people's words, problems (line, column, what to do), or history entries. */
  lines: string[];
  note: string;
  /** The file to edit or paste over, with "Check it". */
  showFile: boolean;
  fileLabel: string;
  file: string;
  /** A checked proposal: Confirm (with a reason) or Cancel. '' when none. */
  proposalId: string;
  /** This rendering's own id: each press handled once. */
  actionId: string;
  /** Earlier versions to restore (`directory history`). */
  restores: { title: string; version: string }[];
  showHistory: boolean;
}

/** `directory`, a checked new version, and `directory history`, for administrators. */
export function directoryCard(data: DirectoryCardData): AdaptiveCardJson {
  return expand(directoryTemplate, data);
}
