export interface HealthCheck {
  name: string;
  isUp(): Promise<boolean>;
}

export const HEALTH_CHECKS = Symbol('HEALTH_CHECKS');
