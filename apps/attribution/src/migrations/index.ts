import { CreateAttributionSchema1764180100000 } from './1764180100000-create-attribution-schema';

export const attributionMigrations = [CreateAttributionSchema1764180100000];
