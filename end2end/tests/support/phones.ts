// Test identities: a fresh mainland mobile number per call, and valid GB 11643 ID numbers.

let counter = 0;
const issued = new Set<string>();

/**
 * A new valid mainland mobile number (`prefix` + 8 digits). The digits are a 10 ms time bucket
 * (repeats only after ~2.7 hours) and a per-process counter mixed with the worker index, so numbers
 * never repeat within a run, even across worker restarts.
 */
export function freshPhone(prefix = '139'): string {
  const worker = Number(process.env.TEST_PARALLEL_INDEX ?? 0) % 4;
  for (;;) {
    counter += 1;
    const bucket = Math.floor(Date.now() / 10) % 1_000_000;
    const phone = prefix + String(bucket * 100 + ((counter * 4 + worker) % 100)).padStart(8, '0');
    if (!issued.has(phone)) {
      issued.add(phone);
      return phone;
    }
  }
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/** The GB 11643 check character for the first 17 digits. */
export function checkChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new Error(`need 17 digits, got ${first17}`);
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK[sum % 11];
}

/**
 * A valid 18-character resident ID number: region 320402, the birth date, a sequence number whose
 * last digit is odd for a man and even for a woman, and the check character.
 */
export function validId(birth: Date, male: boolean, region = '320402'): string {
  const y = String(birth.getFullYear()).padStart(4, '0');
  const m = String(birth.getMonth() + 1).padStart(2, '0');
  const d = String(birth.getDate()).padStart(2, '0');
  const seq2 = String(Math.floor(Math.random() * 100)).padStart(2, '0');
  const sex = male ? [1, 3, 5, 7, 9] : [0, 2, 4, 6, 8];
  const last = sex[Math.floor(Math.random() * 5)];
  const first17 = `${region}${y}${m}${d}${seq2}${last}`;
  return first17 + checkChar(first17);
}

/** A birth date `years` years before today (for "adult" / "minor" cases). */
export function yearsAgo(years: number, extraDays = 0): Date {
  const now = new Date();
  return new Date(now.getFullYear() - years, now.getMonth(), now.getDate() - extraDays);
}
