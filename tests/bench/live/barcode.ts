/**
 * The frame stamp of the live benchmark: a capture time (`Date.now()`) drawn as a grid of
 * black and white blocks big enough to survive H.264 at any bitrate the bench uses, and read
 * back from a presented frame. 32 bits carry the time modulo 2^32 ms (49 days; the full time
 * is rebuilt from the reader's clock), 16 more a check so a frame caught mid-transition or
 * smeared by the encoder is dropped rather than misread. Used by the source (Deno) and the
 * player page (browser), so it touches no runtime API.
 * @module
 */

/** Blocks across and down: 48 in all, 32 time bits then 16 check bits. */
export const COLUMNS = 8;
export const ROWS = 6;
const TIME_BITS = 32;
const TWO_32 = 2 ** 32;

/** The 16 check bits of a 32-bit stamp. */
function check(stamp: number): number {
  return ((stamp >>> 16) ^ (stamp & 0xffff) ^ 0x5a5a) & 0xffff;
}

/** The 48 bits (1 = white) that stamp the capture time `now` (ms since the epoch). */
export function encodeStamp(now: number): boolean[] {
  const stamp = now % TWO_32;
  const bits: boolean[] = [];
  for (let i = 0; i < TIME_BITS; i++) bits.push(((stamp >>> i) & 1) === 1);
  const sum = check(stamp);
  for (let i = 0; i < 16; i++) bits.push(((sum >>> i) & 1) === 1);
  return bits;
}

/**
 * The capture time stamped by `bits`, rebuilt as the latest time at or before `now` that
 * matches; undefined when the check bits disagree.
 */
export function decodeStamp(bits: readonly boolean[], now: number): number | undefined {
  if (bits.length !== COLUMNS * ROWS) return undefined;
  let stamp = 0;
  for (let i = 0; i < TIME_BITS; i++) if (bits[i]) stamp += 2 ** i;
  let sum = 0;
  for (let i = 0; i < 16; i++) if (bits[TIME_BITS + i]) sum |= 1 << i;
  if (sum !== check(stamp)) return undefined;
  const behind = ((now % TWO_32) - stamp + TWO_32) % TWO_32;
  return now - behind;
}

/** Draws the stamp of `now` into a `width` × `height` 8-bit gray frame. */
export function drawStamp(frame: Uint8Array, width: number, height: number, now: number): void {
  const bits = encodeStamp(now);
  const bw = width / COLUMNS;
  const bh = height / ROWS;
  for (let y = 0; y < height; y++) {
    const row = Math.min(ROWS - 1, Math.floor(y / bh));
    for (let column = 0; column < COLUMNS; column++) {
      const value = bits[row * COLUMNS + column] ? 255 : 0;
      frame.fill(
        value,
        y * width + Math.round(column * bw),
        y * width + Math.round((column + 1) * bw),
      );
    }
  }
}

/**
 * The bits read from an RGBA image (`ImageData.data`) of the frame: each block's centre
 * pixel against mid-gray.
 */
export function readStamp(rgba: Uint8ClampedArray, width: number, height: number): boolean[] {
  const bits: boolean[] = [];
  for (let row = 0; row < ROWS; row++) {
    for (let column = 0; column < COLUMNS; column++) {
      const x = Math.floor((column + 0.5) * width / COLUMNS);
      const y = Math.floor((row + 0.5) * height / ROWS);
      const i = (y * width + x) * 4;
      const luma = (rgba[i]! + rgba[i + 1]! + rgba[i + 2]!) / 3;
      bits.push(luma >= 128);
    }
  }
  return bits;
}
