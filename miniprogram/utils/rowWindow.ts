// A windowed list of fixed-height rows for a long, reordering list (the 消息 tab: 1,000 chats).
//
// Only the rows near the viewport are rendered, into a fixed pool of `capacity` slots, each
// absolutely positioned at `y` inside a container `height` tall: WXML nodes stay bounded however
// long the list is, and scrolling to the end costs the same as the top.
//
// Why slots rather than a slice of the list: a chat moving to the top shifts every row above its
// old place. Rendering a slice would re-send every shifted row; here each row keeps its slot
// while it stays in the window, so a move sends the moved row's content once plus a `y` number
// for each shifted row (`slots[3].y`), and a row entering the window reuses the slot of one that
// left. Every change is answered as ONE setData patch of data paths, built by diffing what each
// slot shows against what it should show.
//
// Slot keys are fixed (slot i is always key i), so the view reuses a slot's nodes for whichever
// row it holds now.

export interface Slot<R> {
  /** Fixed per slot: the wx:key. */
  k: number;
  /** Empty slot: ''. */
  id: string;
  y: number;
  row: R | null;
}

export type Patch = Record<string, unknown>;

export interface WindowOptions {
  capacity: number;
  rowHeight: number;
  /** Rows rendered beyond each edge of the viewport. */
  overscan: number;
}

const sameRow = <R extends object>(a: R | null, b: R | null): boolean => {
  if (a === b) return true;
  if (!a || !b) return false;
  const ka = Object.keys(a) as (keyof R)[];
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
};

export class RowWindow<R extends { id: string }> {
  private rows: R[] = [];
  private readonly shown: Slot<R>[];
  private first = 0;
  private top = 0;
  private viewport = 0;
  private heightSent = -1;

  constructor(private readonly o: WindowOptions) {
    this.shown = Array.from({ length: o.capacity }, (_, k) => ({ k, id: '', y: 0, row: null }));
  }

  /** The slots as the view first renders them (all empty). */
  initialSlots(): Record<string, unknown>[] {
    return this.shown.map((s) => ({ k: s.k, id: '', y: 0 }));
  }

  get length(): number {
    return this.rows.length;
  }

  /** The whole ordered list replaced (a reload): only slots whose row differs are sent. */
  set(rows: readonly R[]): Patch {
    this.rows = [...rows];
    return this.render();
  }

  /** The viewport moved: `top` px scrolled past the list's top, `height` px visible. */
  scroll(top: number, height: number): Patch {
    this.top = Math.max(0, top);
    this.viewport = height;
    return this.render();
  }

  /**
   * One row changed and now belongs at position `to` (0 = first): inserted when new, moved and
   * updated otherwise. The rows in between shift by one; only their `y` is sent.
   */
  upsert(row: R, to: number): Patch {
    const from = this.rows.findIndex((r) => r.id === row.id);
    if (from >= 0) this.rows.splice(from, 1);
    this.rows.splice(Math.max(0, Math.min(to, this.rows.length)), 0, row);
    return this.render();
  }

  remove(id: string): Patch {
    this.rows = this.rows.filter((r) => r.id !== id);
    return this.render();
  }

  /** Position of a row in the list, or -1. */
  indexOf(id: string): number {
    return this.rows.findIndex((r) => r.id === id);
  }

  /** The rows in list order (tests, and code that needs the order the user sees). */
  ordered(): readonly R[] {
    return this.rows;
  }

  /** Which rows the window holds: moves only once the viewport leaves it (fewer, bigger patches). */
  private windowStart(): number {
    const { capacity, rowHeight, overscan } = this.o;
    const visibleFirst = Math.floor(this.top / rowHeight);
    const visibleLast = Math.ceil((this.top + this.viewport) / rowHeight);
    const maxFirst = Math.max(0, this.rows.length - capacity);
    const inside = visibleFirst >= this.first && visibleLast <= this.first + capacity;
    const first = inside ? this.first : visibleFirst - overscan;
    return Math.max(0, Math.min(first, maxFirst));
  }

  private render(): Patch {
    const { capacity, rowHeight } = this.o;
    this.first = this.windowStart();
    const wanted = new Map<string, number>();
    for (let i = this.first; i < Math.min(this.rows.length, this.first + capacity); i++)
      wanted.set(this.rows[i].id, i);
    const patch: Patch = {};
    // Slots keep their row while it stays in the window; the others are free for rows entering.
    const free: Slot<R>[] = [];
    for (const s of this.shown) {
      if (s.id && wanted.has(s.id)) continue;
      free.push(s);
    }
    const slotted = new Set(this.shown.filter((s) => s.id && wanted.has(s.id)).map((s) => s.id));
    for (const [id, index] of wanted) {
      if (slotted.has(id)) continue;
      const s = free.shift() as Slot<R>;
      s.id = id;
      s.row = null; // forces the full content below
      s.y = index * rowHeight;
      slotted.add(id);
    }
    for (const s of this.shown) {
      if (!s.id || !wanted.has(s.id)) {
        if (s.id || s.row) patch[`slots[${s.k}]`] = { k: s.k, id: '', y: 0 };
        s.id = '';
        s.row = null;
        continue;
      }
      const index = wanted.get(s.id) as number;
      const row = this.rows[index];
      const y = index * rowHeight;
      if (!sameRow(s.row, row)) patch[`slots[${s.k}]`] = { ...row, k: s.k, id: row.id, y };
      else if (s.y !== y) patch[`slots[${s.k}].y`] = y;
      s.row = row;
      s.y = y;
    }
    const height = this.rows.length * rowHeight;
    if (height !== this.heightSent) {
      patch.listHeight = height;
      patch.count = this.rows.length;
      this.heightSent = height;
    }
    return patch;
  }
}
