import { Foundation1763769600000 } from './1763769600000-foundation';

/** Every migration, in order. A new migration is one file and one line here. */
export const migrations = [Foundation1763769600000];
