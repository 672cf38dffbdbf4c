import { Field, Udt } from '@cqlkit/mapper';

/**
 * Where a sensor is installed: the user-defined type `location`, stored frozen in `sensors`.
 *
 * Every field states its CQL type, so the mapping does not depend on decorator metadata (tsx and
 * esbuild do not emit it; see the example's README).
 */
@Udt({ name: 'location' })
export class Location {
  @Field({ type: 'text' }) site!: string;
  @Field({ type: 'text' }) building?: string;
  @Field({ type: 'int' }) floor?: number;
  @Field({ type: 'double' }) latitude?: number;
  @Field({ type: 'double' }) longitude?: number;

  /** `hq / building A, floor 2`. */
  describe(): string {
    const where = [this.site, this.building].filter((part) => part !== undefined).join(' / ');
    return this.floor === undefined ? where : `${where}, floor ${this.floor}`;
  }
}
