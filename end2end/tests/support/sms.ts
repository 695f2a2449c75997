// Reads the SMS outbox the server writes in tests (SMS_SENDER=outbox): one JSON object per line,
// {"to": "...", "text": "...", "code": "...", "at": "..."}.
import * as fs from 'node:fs';
import * as path from 'node:path';

// The same file playwright.config.ts gives the server as SMS_OUTBOX.
export const OUTBOX = path.resolve(__dirname, '../../.tmp/sms-outbox.jsonl');

interface OutboxLine {
  to: string;
  text: string;
  code?: string | null;
  at?: string;
}

function readOutbox(): OutboxLine[] {
  let text: string;
  try {
    text = fs.readFileSync(OUTBOX, 'utf8');
  } catch {
    return [];
  }
  const lines: OutboxLine[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      lines.push(JSON.parse(line) as OutboxLine);
    } catch {
      // A line still being written; the next poll sees it whole.
    }
  }
  return lines;
}

/**
 * The newest SMS code sent to `phone` (with or without +86), waiting up to `timeoutMs` (5 s) for one
 * to appear. Messages without a code (notifications) are passed over. To wait for a *new* code after
 * asking again, pass `after: smsCount(phone)` taken before the request: only later messages count.
 */
export async function lastSmsCode(phone: string, opts: { timeoutMs?: number; after?: number } = {}): Promise<string> {
  const { timeoutMs = 5_000, after = 0 } = opts;
  const want = phone.replace(/^\+?86/, '');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const mine = readOutbox().filter((m) => String(m.to).replace(/^\+?86/, '') === want);
    for (let i = mine.length - 1; i >= after; i--) {
      const code = mine[i].code ?? mine[i].text?.match(/\d{4,8}/)?.[0];
      if (code) return String(code);
    }
    if (Date.now() >= deadline) {
      throw new Error(`no SMS code for ${phone} in ${OUTBOX} after ${timeoutMs} ms (${mine.length} message(s), skipping ${after})`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** How many messages have been sent to `phone` so far. */
export function smsCount(phone: string): number {
  const want = phone.replace(/^\+?86/, '');
  return readOutbox().filter((m) => String(m.to).replace(/^\+?86/, '') === want).length;
}
