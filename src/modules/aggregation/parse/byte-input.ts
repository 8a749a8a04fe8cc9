/**
 * The upload as a sequence of Buffers with the byte offset of each, plus a look-ahead for encoding detection.
 * Only the look-ahead is held across reads (and copied, since a producer may reuse its buffer for the next
 * chunk); everything else is handed on as soon as it arrives.
 */
export class ByteInput {
  private readonly iterator: AsyncIterator<Uint8Array>;
  private readonly queued: Buffer[] = [];
  private done = false;
  /** Offset in the upload of the next byte `next()` returns. */
  offset = 0;

  constructor(source: AsyncIterable<Uint8Array>) {
    this.iterator = source[Symbol.asyncIterator]();
  }

  /** True once the source has ended and everything queued has been read. */
  get ended(): boolean {
    return this.done && this.queued.length === 0;
  }

  /** The next `min` bytes (fewer at the end of the input) without consuming them. */
  async peek(min: number): Promise<Buffer> {
    let have = this.queued.reduce((sum, b) => sum + b.length, 0);
    while (have < min && !this.done) {
      const chunk = await this.read();
      if (chunk === undefined) break;
      this.queued.push(Buffer.from(chunk));
      have += chunk.length;
    }
    return this.queued.length === 1 ? this.queued[0] : Buffer.concat(this.queued);
  }

  /** The next non-empty chunk, or undefined at the end of the input. */
  async next(): Promise<Buffer | undefined> {
    const chunk = this.queued.shift() ?? (await this.read());
    if (chunk !== undefined) this.offset += chunk.length;
    return chunk;
  }

  /** Puts back the unread tail of the last chunk; `next()` returns it again. */
  unread(bytes: Buffer): void {
    if (bytes.length === 0) return;
    this.queued.unshift(Buffer.from(bytes));
    this.offset -= bytes.length;
  }

  /** Consumes `count` bytes (a BOM), however the chunks are cut. */
  async skip(count: number): Promise<void> {
    let left = count;
    while (left > 0) {
      const chunk = await this.next();
      if (chunk === undefined) return;
      if (chunk.length > left) this.unread(chunk.subarray(left));
      left -= chunk.length;
    }
  }

  /** Lets the source release what it holds (a file handle) when reading stops early. */
  async close(): Promise<void> {
    if (!this.done) {
      this.done = true;
      await this.iterator.return?.();
    }
  }

  private async read(): Promise<Buffer | undefined> {
    while (!this.done) {
      const result = await this.iterator.next();
      if (result.done) {
        this.done = true;
        return undefined;
      }
      const chunk = result.value;
      if (chunk.length > 0) return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    }
    return undefined;
  }
}
