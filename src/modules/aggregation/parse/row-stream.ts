import type { SourceRow } from './source-row.ts';

const DONE: IteratorReturnResult<void> = Object.freeze({ done: true, value: undefined });

/**
 * Hands out rows one at a time from batches read one chunk at a time. An async generator that yields each row
 * costs ~200 ns a row in promise machinery; here a row already read costs one resolved promise (~60 ns), and
 * the generator below is resumed once per chunk. Calls are served in order, as an async generator would.
 */
export class RowStream implements AsyncGenerator<SourceRow, void, unknown> {
  private rows: SourceRow[] = [];
  private index = 0;
  private finished = false;
  // The latest call still waiting for a batch; later calls queue behind it.
  private waiting: Promise<IteratorResult<SourceRow, void>> | undefined;

  constructor(private readonly batches: AsyncGenerator<SourceRow[], void, unknown>) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<SourceRow, void>> {
    if (this.waiting === undefined && this.index < this.rows.length) {
      return Promise.resolve({ done: false, value: this.take() });
    }
    const pull = () => this.pull();
    const result = this.waiting === undefined ? pull() : this.waiting.then(pull, pull);
    this.waiting = result;
    const settled = () => {
      if (this.waiting === result) this.waiting = undefined;
    };
    result.then(settled, settled);
    return result;
  }

  /** Stops reading and lets the source go (closing its file), as `break` in a for-await loop does. */
  async return(): Promise<IteratorResult<SourceRow, void>> {
    this.stop();
    await this.batches.return(undefined);
    return DONE;
  }

  async throw(err: unknown): Promise<IteratorResult<SourceRow, void>> {
    this.stop();
    await this.batches.return(undefined);
    throw err;
  }

  private stop(): void {
    this.finished = true;
    this.rows = [];
    this.index = 0;
  }

  private async pull(): Promise<IteratorResult<SourceRow, void>> {
    while (this.index >= this.rows.length) {
      if (this.finished) return DONE;
      let batch: IteratorResult<SourceRow[], void>;
      try {
        batch = await this.batches.next();
      } catch (err) {
        this.finished = true;
        throw err;
      }
      if (batch.done) {
        this.finished = true;
        return DONE;
      }
      this.rows = batch.value;
      this.index = 0;
    }
    return { done: false, value: this.take() };
  }

  /** The next row, no longer held by the batch: a row the consumer is done with can die young (fewer GC copies). */
  private take(): SourceRow {
    const row = this.rows[this.index];
    this.rows[this.index++] = undefined as unknown as SourceRow;
    return row;
  }
}
