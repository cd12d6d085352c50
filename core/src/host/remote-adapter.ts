import {
  AdapterCapabilities, BucketDigest, Clock, BucketRange, ChangeMarker, DeletedRecord, DigestOptions, DossierInfo, EntityName, ExtractionAdapter,
  KeyRecord, Proposal, ReadOptions, SourceRecord,
} from '@ledgersync/sdk';
import { PluginRuntime } from './plugin-runtime';

/** What the plugin process answered when the adapter instance was made. */
export interface RemoteInstance {
  instance: number;
  generation: number;
  capabilities: unknown;
  methods: string[];
}

/**
 * The host-side face of an adapter that runs in a plugin's process: implements the extraction
 * contract, so the engine cannot tell it is remote. Optional methods exist only when the plugin's
 * adapter has them. After a crash the plugin restarts on the next call and the instance is made again.
 */
export class RemoteAdapter implements ExtractionAdapter {
  keys?: (dossierId: string, entity: EntityName, range?: BucketRange) => AsyncIterable<KeyRecord>;
  digests?: (dossierId: string, entity: EntityName, options: DigestOptions) => AsyncIterable<BucketDigest>;
  deletedSince?: (dossierId: string, since: ChangeMarker) => AsyncIterable<DeletedRecord>;
  push?: (dossierId: string, proposal: Proposal) => Promise<SourceRecord<'entry'>>;
  probe?: (dossierId: string) => Promise<string>;
  private readonly declared: AdapterCapabilities;

  constructor(
    private readonly runtime: PluginRuntime,
    private readonly adapterId: string,
    private readonly configuration: Record<string, unknown>,
    private binding: RemoteInstance,
    /** When given, its time goes with each push: the plugin's clock reads it while booking. */
    private readonly sourceClock?: Clock,
  ) {
    this.declared = binding.capabilities as AdapterCapabilities;
    const methods = new Set(binding.methods);
    if (methods.has('keys')) this.keys = (dossierId, entity, range) => this.streamed('keys', [dossierId, entity, range]);
    if (methods.has('digests')) this.digests = (dossierId, entity, options) => this.streamed('digests', [dossierId, entity, options]);
    if (methods.has('deletedSince')) this.deletedSince = (dossierId, since) => this.streamed('deletedSince', [dossierId, since]);
    if (methods.has('push')) this.push = (dossierId, proposal) => this.called('push', [dossierId, proposal], this.sourceClock?.now().toISOString());
    if (methods.has('probe')) this.probe = (dossierId) => this.called('probe', [dossierId]);
  }

  /** Declared once, when the instance was made (the contract says they do not change). */
  capabilities(): AdapterCapabilities {
    return this.declared;
  }

  listDossiers(): AsyncIterable<DossierInfo> {
    return this.streamed('listDossiers', []);
  }

  read<E extends EntityName>(dossierId: string, entity: E, options?: ReadOptions): AsyncIterable<SourceRecord<E>> {
    return this.streamed('read', [dossierId, entity, options]);
  }

  async close(): Promise<void> {
    if (this.runtime.generation !== this.binding.generation || !this.runtime.active) return;
    await this.runtime.invoke(this.binding.instance, 'close', []);
  }

  /** The instance in the running generation of the plugin, made again after a restart. */
  private async instance(): Promise<number> {
    if (this.runtime.generation === this.binding.generation && this.runtime.active) return this.binding.instance;
    const created = await this.runtime.create(this.adapterId, this.configuration);
    this.binding = created;
    return created.instance;
  }

  private async called<T>(method: string, args: unknown[], now?: string): Promise<T> {
    return (await this.runtime.invoke(await this.instance(), method, args, now)) as T;
  }

  /** A listing whose first `next()` (re)makes the instance if needed, then reads straight from the remote stream. */
  private streamed<T>(method: string, args: unknown[]): AsyncIterable<T> {
    return {
      [Symbol.asyncIterator]: (): AsyncIterator<T> => {
        let remote: AsyncIterator<T> | undefined;
        const opened = async (): Promise<AsyncIterator<T>> => (remote ??= this.runtime.stream(await this.instance(), method, args) as AsyncIterator<T>);
        return {
          next: () => (remote ? remote.next() : opened().then((iterator) => iterator.next())),
          return: async () => (remote?.return ? remote.return() : { value: undefined, done: true }),
        };
      },
    };
  }
}
