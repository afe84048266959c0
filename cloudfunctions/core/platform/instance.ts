// What a function instance keeps between calls (module-level state). CloudBase runs each
// function in instances that live for many calls and die at any time, so such state may only
// hold what is checked before use (store/departmentTree.ts). The local cloud runs every function
// in one process, where modules outlive a LocalCloud: a new LocalCloud is a new environment and
// starts its functions on fresh instances by calling `newInstances()`.

const forgetters = new Set<() => void>();

/** Registers how a module forgets what it kept (called when its state is declared). */
export function instanceState(forget: () => void): void {
  forgetters.add(forget);
}

/** Every registered module forgets what it kept: the functions start on new instances. */
export function newInstances(): void {
  for (const forget of forgetters) forget();
}
