/**
 * Where a card's download button goes: the app's download page, with the link (what to download and
 * its one-use token) after `#`. A browser never sends what follows `#` to a server, so the token is
 * in no request line, no App Service HTTP log and no proxy's log; the page hands it over in a POST
 * body when the person presses Download (src/web/downloadPage.ts).
 */
export type DownloadKind = 'reports' | 'subject-access';

/** What a link holds: the kind, the token (43 base64url characters), the file. */
export const DOWNLOAD_LINK = /^(reports|subject-access)\/([A-Za-z0-9_-]{43})\/([a-z-]+\.[a-z]+)$/;

export const downloadUrl = (publicUrl: string, kind: DownloadKind, token: string, file: string): string =>
  `${publicUrl}/download#${kind}/${token}/${file}`;
