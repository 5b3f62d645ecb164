import { Foundation1763769600000 } from './1763769600000-foundation';
import { Provenance1763856000000 } from './1763856000000-provenance';
import { Ingestion1763942400000 } from './1763942400000-ingestion';
import { WebhookRoutes1764028800000 } from './1764028800000-webhook-routes';
import { Search1764115200000 } from './1764115200000-search';
import { ServingPath1764201600000 } from './1764201600000-serving-path';
import { PoisoningReview1764288000000 } from './1764288000000-poisoning-review';
import { InclusionRefs1764374400000 } from './1764374400000-inclusion-refs';

/** Every migration, in order. A new migration is one file and one line here. */
export const migrations = [Foundation1763769600000, Provenance1763856000000, Ingestion1763942400000, WebhookRoutes1764028800000, Search1764115200000, ServingPath1764201600000, PoisoningReview1764288000000, InclusionRefs1764374400000];
