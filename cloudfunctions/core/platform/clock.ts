// Server time. Tests replace `clock.now` to move time (recall window, invite expiry) without sleeping.
export const clock = {
  now: (): number => Date.now(),
};
