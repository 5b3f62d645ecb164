import { Database, DocumentRepository, LogRepository, SigningKeyRepository, StatementRepository, WebhookRepository } from '@ctxvault/persistence';
import { CheckpointWebhooks, WebhookOptions } from './checkpoint-webhooks';
import { KeyRing } from './keyring';
import { MasterKey } from './master-key';
import { ProvenanceService } from './provenance.service';
import { StoreVerifier } from './store-verifier';
import { TransparencyLog } from './transparency-log';

export interface Provenance {
  service: ProvenanceService;
  keyring: KeyRing;
  log: TransparencyLog;
  verifier: StoreVerifier;
  webhooks: CheckpointWebhooks;
}

/** Wires the provenance services over one Database. */
export function createProvenance(db: Database, master: MasterKey, originPrefix: string, webhookOptions: WebhookOptions): Provenance {
  const logRepo = new LogRepository(db);
  const log = new TransparencyLog(logRepo);
  const keyRepo = new SigningKeyRepository(db);
  const keyring = new KeyRing(db, keyRepo, log, master, originPrefix);
  const documents = new DocumentRepository(db);
  const statements = new StatementRepository(db);
  return {
    service: new ProvenanceService(db, documents, statements, keyring, log),
    keyring,
    log,
    verifier: new StoreVerifier(db, keyRepo, logRepo, statements, documents, originPrefix),
    webhooks: new CheckpointWebhooks(db, new WebhookRepository(db), logRepo, webhookOptions),
  };
}
