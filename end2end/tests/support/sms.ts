// Reads the SMS outbox the server writes in tests (SMS_SENDER=outbox): one JSON object per line,
// {"to": "...", "text": "...", "code": "...", "at": "..."}.
import * as fs from 'node:fs';
import * as path from 'node:path';

export const OUTBOX = process.env.SMS_OUTBOX ?? path.resolve(__dirname, '../../.tmp/sms-outbox.jsonl');

interface OutboxLine {
  to: string;
  text: string;
  code?: string;
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

/** The newest SMS code sent to `phone`, waiting up to `timeoutMs` for it to appear. */
export async function lastSmsCode(phone: string, timeoutMs = 5_000): Promise<string> {
  const want = phone.replace(/^\+?86/, '');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const mine = readOutbox().filter((m) => m.to.replace(/^\+?86/, '') === want);
    const last = mine.at(-1);
    if (last) {
      const code = last.code ?? last.text.match(/\d{4,8}/)?.[0];
      if (code) return code;
    }
    if (Date.now() >= deadline) {
      throw new Error(`no SMS code for ${phone} in ${OUTBOX} after ${timeoutMs} ms`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** How many messages have been sent to `phone` so far. */
export function smsCount(phone: string): number {
  const want = phone.replace(/^\+?86/, '');
  return readOutbox().filter((m) => m.to.replace(/^\+?86/, '') === want).length;
}
