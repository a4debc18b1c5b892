/**
 * Postcode → ward, from the imported ONS Postcode Directory (ONSPD), for ward-based patches.
 * One document per postcode, keyed by the normalised postcode: a lookup is a 1 RU point read.
 */
import type { Container } from '@azure/cosmos';
import type { WardLookup } from '../../domain/directory/routing';

export interface PostcodeRecord {
  /** Normalised postcode, "RM3 7AB". */
  postcode: string;
  ward: string;
  /** Local authority code (laua), e.g. E09000016. */
  la: string;
  terminated: boolean;
  release: string;
}

export interface PostcodeRepository {
  lookup(postcode: string): Promise<WardLookup | undefined>;
  upsert(record: PostcodeRecord): Promise<void>;
}

interface PostcodeDocument {
  id: string;
  type: 'postcode';
  ward: string;
  la: string;
  terminated: boolean;
  release: string;
}

export class CosmosPostcodeRepository implements PostcodeRepository {
  constructor(private readonly container: Container) {}

  async lookup(postcode: string): Promise<WardLookup | undefined> {
    const { resource } = await this.container.item(postcode, postcode).read<PostcodeDocument>();
    return resource
      ? { ward: resource.ward, terminated: resource.terminated, release: resource.release }
      : undefined;
  }

  async upsert(record: PostcodeRecord): Promise<void> {
    const document: PostcodeDocument = {
      id: record.postcode,
      type: 'postcode',
      ward: record.ward,
      la: record.la,
      terminated: record.terminated,
      release: record.release,
    };
    await this.container.items.upsert(document);
  }
}
