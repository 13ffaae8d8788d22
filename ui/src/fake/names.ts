// The placeholders of the recorded fixtures, as the shell's recorder writes them
// (`src-tauri/fixtures/names.rs`: the same rule, which must stay the same). Ids and clock
// instants are numbered by first appearance, walking values in order with an object's keys
// sorted; an id first met in a call's arguments is a literal and stays as it is. Here the
// numbering also runs backwards: a placeholder in a recorded call becomes the fake's own value.

const UUID = /[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/g;
/** An instant in the shell's form: UTC, a fraction of a second only when there is one. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.(?!0+Z)\d+)?Z$/;
const PLACEHOLDER = /<(?:id|time):\d+>/g;

export class Names {
  /** Each id or instant met so far → its placeholder (itself for a literal). */
  private readonly known = new Map<string, string>();
  /** Each placeholder → the value it stands for here. */
  private readonly values = new Map<string, string>();
  private ids = 0;
  private times = 0;

  constructor(private readonly clockStart: string) {}

  /** A recorded value with its placeholders replaced by the values they stand for. */
  real<T>(value: T): T {
    return this.map(value, (text) =>
      text.replace(PLACEHOLDER, (name) => {
        const real = this.values.get(name);
        if (real === undefined) throw new Error(`${name} is used before the fake sent anything it stands for`);
        return real;
      }),
    ) as T;
  }

  args(value: unknown): unknown {
    return this.walk(value, 'args');
  }

  answer(value: unknown): unknown {
    return this.walk(value, 'answer');
  }

  private walk(value: unknown, side: 'args' | 'answer'): unknown {
    if (typeof value === 'string') return this.text(value, side);
    if (Array.isArray(value)) return value.map((item) => this.walk(item, side));
    if (value !== null && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(record).sort()) out[key] = this.walk(record[key], side);
      return out;
    }
    return value;
  }

  private text(text: string, side: 'args' | 'answer'): string {
    if (INSTANT.test(text) && Date.parse(text) >= Date.parse(this.clockStart)) {
      return this.name(text, side, () => `<time:${++this.times}>`);
    }
    return text.replace(UUID, (id) => this.name(id, side, () => `<id:${++this.ids}>`));
  }

  private name(real: string, side: 'args' | 'answer', next: () => string): string {
    const known = this.known.get(real);
    if (known !== undefined) return known;
    const name = side === 'args' ? real : next();
    this.known.set(real, name);
    this.values.set(name, real);
    return name;
  }

  private map(value: unknown, text: (s: string) => string): unknown {
    if (typeof value === 'string') return text(value);
    if (Array.isArray(value)) return value.map((item) => this.map(item, text));
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, this.map(item, text)]));
    }
    return value;
  }
}
