/**
 * One pooled HTTP/1.1 connection: a TCP connection with a read buffer, and the reads a
 * response needs (a head, a fixed length, chunks, all until close).
 * @module
 */
import { headEnd, MalformedResponseError, parseChunkSize } from "./http1_head.ts";

const READ_SIZE = 16 * 1024;

/** A TCP connection with buffered reads. */
export class Wire {
  #buf: Uint8Array<ArrayBuffer> = new Uint8Array(READ_SIZE);
  #start = 0;
  #end = 0;
  /** Bytes received on this connection, ever; a reused connection that got none is stale. */
  received = 0;
  /** When the connection was last put back in the pool, in epoch milliseconds. */
  idleSince = 0;
  closed = false;

  constructor(readonly conn: Deno.TcpConn, readonly origin: string) {}

  /** Sends all of `bytes`. */
  async write(bytes: Uint8Array): Promise<void> {
    for (let sent = 0; sent < bytes.length;) sent += await this.conn.write(bytes.subarray(sent));
  }

  /** Reads more bytes into the buffer; false at the end of the stream. */
  async #fill(): Promise<boolean> {
    if (this.#start === this.#end) this.#start = this.#end = 0;
    if (this.#end === this.#buf.length) {
      const pending = this.#end - this.#start;
      if (pending * 2 <= this.#buf.length) {
        this.#buf.copyWithin(0, this.#start, this.#end);
      } else {
        const grown = new Uint8Array(this.#buf.length * 2);
        grown.set(this.#buf.subarray(this.#start, this.#end));
        this.#buf = grown;
      }
      this.#start = 0;
      this.#end = pending;
    }
    const n = await this.conn.read(this.#buf.subarray(this.#end));
    if (n === null) return false;
    this.#end += n;
    this.received += n;
    return true;
  }

  /** The next head's bytes, up to and including its blank line. */
  async readHead(maxBytes: number): Promise<Uint8Array> {
    let scanned = 0;
    for (;;) {
      const pending = this.#buf.subarray(this.#start, this.#end);
      const end = headEnd(pending, Math.max(0, scanned - 3));
      if (end !== -1) {
        this.#start += end;
        // A view into the buffer: parse it before the next read.
        return pending.subarray(0, end);
      }
      scanned = pending.length;
      if (scanned > maxBytes) {
        throw new MalformedResponseError(`head longer than ${maxBytes} bytes`);
      }
      if (!await this.#fill()) throw new TypeError("Upstream closed the connection");
    }
  }

  /** Exactly `length` bytes, in a buffer of their own. */
  async readExactly(length: number): Promise<Uint8Array<ArrayBuffer>> {
    const out = new Uint8Array(length);
    let filled = 0;
    while (filled < length) {
      if (this.#start === this.#end && !await this.#fill()) {
        throw new TypeError("Upstream closed the connection mid-body");
      }
      const take = Math.min(length - filled, this.#end - this.#start);
      out.set(this.#buf.subarray(this.#start, this.#start + take), filled);
      this.#start += take;
      filled += take;
    }
    return out;
  }

  /** Whatever is buffered or arrives next, at most `max` bytes; null at the end. */
  async readSome(max: number): Promise<Uint8Array<ArrayBuffer> | null> {
    if (this.#start === this.#end && !await this.#fill()) return null;
    const take = Math.min(max, this.#end - this.#start);
    const out = this.#buf.slice(this.#start, this.#start + take);
    this.#start += take;
    return out;
  }

  /** One CRLF-terminated line, without its CRLF. */
  async readLine(maxBytes: number): Promise<string> {
    for (;;) {
      const lf = this.#buf.subarray(this.#start, this.#end).indexOf(10);
      if (lf !== -1) {
        const line = this.#buf.subarray(this.#start, this.#start + lf);
        this.#start += lf + 1;
        if (line.at(-1) !== 13) throw new MalformedResponseError("bare LF in chunked body");
        return String.fromCharCode(...line.subarray(0, -1));
      }
      if (this.#end - this.#start > maxBytes) throw new MalformedResponseError("line too long");
      if (!await this.#fill()) throw new TypeError("Upstream closed the connection mid-body");
    }
  }

  /** The next chunk of a chunked body, or null after the last chunk and the trailers. */
  async readChunk(): Promise<Uint8Array<ArrayBuffer> | null> {
    const size = parseChunkSize(await this.readLine(1024));
    if (size === 0) {
      // Trailers are dropped; the body ends at the blank line after them.
      while (await this.readLine(8192) !== "");
      return null;
    }
    const data = await this.readExactly(size);
    if (await this.readLine(2) !== "") throw new MalformedResponseError("chunk overran its size");
    return data;
  }

  /** Whether bytes beyond the response were received (which makes reuse unsafe). */
  get hasUnread(): boolean {
    return this.#start !== this.#end;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.conn.close();
    } catch { /* already closed */ }
  }
}
