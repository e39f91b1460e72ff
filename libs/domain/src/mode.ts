/** Every record belongs to one workspace and one mode; the two modes never see each other's data. */
export const MODES = ['test', 'live'] as const;
export type Mode = (typeof MODES)[number];

export function modeFromLivemode(livemode: boolean): Mode {
  return livemode ? 'live' : 'test';
}

export function isMode(value: unknown): value is Mode {
  return (MODES as readonly unknown[]).includes(value);
}
