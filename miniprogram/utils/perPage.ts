// State a page keeps beside its data (never rendered, so never sent to the view): one per page
// instance — the same page can stand several times on the stack — and dropped with the page.

/** `stateOf(page)`: this page instance's state, made by `init` on first use. */
export function perPage<T>(init: () => T): (page: object) => T {
  const states = new WeakMap<object, T>();
  return (page) => {
    let s = states.get(page);
    if (s === undefined) {
      s = init();
      states.set(page, s);
    }
    return s;
  };
}
