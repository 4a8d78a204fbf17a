import { Inject, Injectable } from '@nestjs/common';
import * as path from 'node:path';
import { chainKeyOf, CheckpointSigner, keyringOf, type ChainKey, type ChainKeyring } from '@megabot/event-store';
import { ed25519KeyFrom, secretFrom } from '@megabot/platform';
import { API_OPTIONS, type ApiOptions } from './api-options';

/**
 * The keys of the audit evidence, held by the process, never by the database:
 * the auction chain's HMAC key (the current one writes, older ones still
 * verify) and the checkpoint signer. Read on first use.
 */
@Injectable()
export class AuditKeys {
  private keys?: ChainKey[];
  private signerValue?: CheckpointSigner;

  constructor(@Inject(API_OPTIONS) private readonly options: ApiOptions) {}

  private get dataDir() {
    return path.resolve(this.options.audit?.dataDir ?? this.options.auth?.dataDir ?? '.data');
  }

  private get all(): ChainKey[] {
    return (this.keys ??= (this.options.audit?.chainKeys?.length ? this.options.audit.chainKeys : [secretFrom(undefined, this.dataDir, 'audit-chain-key')]).map(
      chainKeyOf,
    ));
  }

  /** The key new chained events are written under. */
  get chainKey(): ChainKey {
    return this.all[0];
  }

  get keyring(): ChainKeyring {
    return keyringOf(this.all);
  }

  get signer(): CheckpointSigner {
    return (this.signerValue ??= new CheckpointSigner(ed25519KeyFrom(this.options.audit?.signingKey, this.dataDir, 'audit-signing-key.pem')));
  }
}
