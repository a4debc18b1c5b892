/**
 * A card's download button, pressed as the download page does it: the link after `#` in the
 * button's address, posted as the page's form posts it (src/web/downloadPage.ts).
 */
export function linkOf(buttonUrl: string): string {
  return new URL(buttonUrl).hash.slice(1);
}

export function downloadLink(botUrl: string, link: string): Promise<Response> {
  return fetch(`${botUrl}/download`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ link }).toString(),
  });
}

/** Presses the button: its page's form, posted to this bot. */
export const pressDownload = (botUrl: string, buttonUrl: string): Promise<Response> =>
  downloadLink(botUrl, linkOf(buttonUrl));
