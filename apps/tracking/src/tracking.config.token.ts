export const TRACKING_CONFIG = Symbol('TRACKING_CONFIG');
