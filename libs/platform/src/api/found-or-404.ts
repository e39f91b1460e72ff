import { NotFoundException } from '@nestjs/common';
import { isUuid, Mode } from '@app/domain';

/**
 * Looks a record up by the id a caller sent and answers 404 when there is none in the caller's
 * workspace and mode. An id that is not a UUID is not looked up: it names nothing.
 */
export async function findByIdOr404<T>(what: string, id: string, mode: Mode, find: (id: string) => Promise<T | null>): Promise<T> {
  const found = isUuid(id) ? await find(id.toLowerCase()) : null;
  if (!found) throw new NotFoundException(`No ${what} ${id} in this workspace's ${mode} mode`);
  return found;
}
