interface Waiting<I, O> {
  input: I;
  resolve: (output: O) => void;
  reject: (err: unknown) => void;
}

/**
 * Collects the calls made during one turn of the event loop and answers them with one batch call,
 * at the turn's check phase (setImmediate). Under load many messages or requests are handled in one
 * turn; a socket write or a database round trip per call cost more CPU than the work it carried.
 * `run` answers the inputs in their order; if it fails, every call of the batch fails with it.
 */
export class TurnBatcher<I, O> {
  private waiting: Waiting<I, O>[] = [];

  constructor(private readonly run: (inputs: I[]) => Promise<O[]> | O[]) {}

  call(input: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      if (this.waiting.push({ input, resolve, reject }) === 1) setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    const batch = this.waiting;
    this.waiting = [];
    Promise.resolve()
      .then(() => this.run(batch.map((w) => w.input)))
      .then(
        (outputs) => batch.forEach((w, i) => w.resolve(outputs[i])),
        (err: unknown) => batch.forEach((w) => w.reject(err)),
      );
  }
}
