// The windowed row list of the 消息 tab (miniprogram/utils/rowWindow.ts): bounded slots, one
// small patch per change, the order the user sees.
import { RowWindow, type Patch } from '../../miniprogram/utils/rowWindow';

interface Row {
  id: string;
  text: string;
}
const row = (i: number, text = `第${i}条`): Row => ({ id: `c${i}`, text });
const rows = (n: number) => Array.from({ length: n }, (_, i) => row(i));
const bytes = (p: Patch) => JSON.stringify(p).length;

/** What the view renders after applying the patches: slot k → { id, y, text }. */
function view(patches: Patch[], capacity: number) {
  const slots: Record<string, unknown>[] = Array.from({ length: capacity }, (_, k) => ({ k, id: '', y: 0 }));
  for (const p of patches)
    for (const [path, value] of Object.entries(p)) {
      const whole = /^slots\[(\d+)\]$/.exec(path);
      const y = /^slots\[(\d+)\]\.y$/.exec(path);
      if (whole) slots[Number(whole[1])] = value as Record<string, unknown>;
      else if (y) slots[Number(y[1])].y = value;
    }
  return slots
    .filter((s) => s.id)
    .sort((a, b) => (a.y as number) - (b.y as number))
    .map((s) => `${s.id}@${s.y}:${s.text}`);
}

describe('RowWindow', () => {
  const opts = { capacity: 20, rowHeight: 70, overscan: 5 };

  it('renders at most `capacity` rows of 1,000, at their positions, and follows the scroll', () => {
    const w = new RowWindow<Row>(opts);
    const patches = [w.set(rows(1000)), w.scroll(0, 700)];
    expect(patches[0]).toMatchObject({ listHeight: 70_000, count: 1000 });
    let shown = view(patches, 20);
    expect(shown).toHaveLength(20);
    expect(shown[0]).toBe('c0@0:第0条');
    patches.push(w.scroll(70 * 990, 700)); // the end
    shown = view(patches, 20);
    expect(shown).toHaveLength(20);
    expect(shown[0]).toBe('c980@68600:第980条');
    expect(shown[19]).toBe('c999@69930:第999条');
  });

  it('scrolling inside the window sends nothing; leaving it sends only the rows that enter', () => {
    const w = new RowWindow<Row>(opts);
    w.set(rows(1000));
    w.scroll(0, 700);
    expect(w.scroll(300, 700)).toEqual({});
    const p = w.scroll(70 * 30, 700);
    expect(Object.keys(p).every((k) => /^slots\[\d+\]$/.test(k))).toBe(true);
  });

  it('a new message moves a row to the top in one small patch: its content once, a y per shifted row', () => {
    const w = new RowWindow<Row>(opts);
    const patches = [w.set(rows(1000)), w.scroll(0, 700)];
    const fromInside = w.upsert(row(12, '新消息'), 0);
    patches.push(fromInside);
    expect(bytes(fromInside)).toBeLessThan(2048);
    expect(Object.keys(fromInside).filter((k) => !k.endsWith('.y'))).toHaveLength(1);
    expect(view(patches, 20).slice(0, 3)).toEqual(['c12@0:新消息', 'c0@70:第0条', 'c1@140:第1条']);

    const fromFarBelow = w.upsert(row(700, '远处的群'), 0);
    patches.push(fromFarBelow);
    expect(bytes(fromFarBelow)).toBeLessThan(2048);
    expect(view(patches, 20)).toHaveLength(20);
    expect(view(patches, 20)[0]).toBe('c700@0:远处的群');
    expect(w.ordered()[1].id).toBe('c12');
    expect(w.length).toBe(1000);
  });

  it('a change below the window only moves the list height when a row is added or removed', () => {
    const w = new RowWindow<Row>(opts);
    w.set(rows(100));
    w.scroll(0, 700);
    expect(w.upsert(row(80, '改了'), 80)).toEqual({});
    expect(w.upsert(row(500, '新群'), 100)).toEqual({ listHeight: 7070, count: 101 });
    expect(w.remove('c500')).toEqual({ listHeight: 7000, count: 100 });
  });

  it('removing a shown row shifts the rows below it up and frees nothing beyond the pool', () => {
    const w = new RowWindow<Row>(opts);
    const patches = [w.set(rows(3)), w.scroll(0, 700)];
    patches.push(w.remove('c0'));
    expect(view(patches, 20)).toEqual(['c1@0:第1条', 'c2@70:第2条']);
    patches.push(w.set([]));
    expect(view(patches, 20)).toEqual([]);
  });
});
