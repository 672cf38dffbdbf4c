/**
 * `@PartitionKey` and `@ClusteringKey`: the primary key of an entity.
 *
 * @packageDocumentation
 */
import {
  isPropertyDecoratorCall,
  propertyDeclaration,
  type MapperPropertyDecorator,
} from './declaration-store';

/**
 * Direction of a clustering column (`CLUSTERING ORDER BY`).
 *
 * @example
 * ```ts
 * @ClusteringKey(0, 'DESC' satisfies ClusteringDirection) at!: Date;
 * ```
 */
export type ClusteringDirection = 'ASC' | 'DESC';

/**
 * Marks a partition-key column. With a composite partition key, give each its position
 * (`@PartitionKey(0)`, `@PartitionKey(1)`…). Combine with `@Column({ type })` when the CQL type
 * does not follow from the TypeScript type.
 *
 * @example
 * ```ts
 * @Entity()
 * class Reading {
 *   @PartitionKey(0) sensor!: string;
 *   @PartitionKey(1) @Column({ type: 'date' }) day!: LocalDate;
 *   @ClusteringKey(0, 'DESC') at!: Date;
 * }
 * ```
 */
export function PartitionKey(order?: number): MapperPropertyDecorator;
export function PartitionKey(target: object, property: string | symbol): void;
export function PartitionKey(value: undefined, context: ClassFieldDecoratorContext): void;
export function PartitionKey(...args: unknown[]): MapperPropertyDecorator | void {
  if (isPropertyDecoratorCall(args)) return markPartitionKey(args[0], args[1], undefined);
  const order = args[0] as number | undefined;
  return (target: unknown, property: unknown) => markPartitionKey(target, property, order);
}

function markPartitionKey(target: unknown, property: unknown, order: number | undefined): void {
  const d = propertyDeclaration(target, property, '@PartitionKey');
  if (d === undefined) return;
  d.isPartitionKey = true;
  d.partitionKeyOrder = order;
}

/**
 * Marks a clustering column, with its position among the clustering columns and its direction
 * (`'ASC'` by default).
 *
 * @example
 * ```ts
 * @ClusteringKey(0, 'DESC') at!: Date;
 * @ClusteringKey(1) seq!: number; // with @Column({ type: 'int' })
 * ```
 */
export function ClusteringKey(order?: number, direction?: ClusteringDirection): MapperPropertyDecorator;
export function ClusteringKey(target: object, property: string | symbol): void;
export function ClusteringKey(value: undefined, context: ClassFieldDecoratorContext): void;
export function ClusteringKey(...args: unknown[]): MapperPropertyDecorator | void {
  if (isPropertyDecoratorCall(args)) return markClustering(args[0], args[1], undefined, 'ASC');
  const [order, direction] = args as [number | undefined, ClusteringDirection | undefined];
  return (target: unknown, property: unknown) => markClustering(target, property, order, direction ?? 'ASC');
}

function markClustering(
  target: unknown,
  property: unknown,
  order: number | undefined,
  direction: unknown,
): void {
  const d = propertyDeclaration(target, property, '@ClusteringKey');
  if (d === undefined) return;
  d.clustering = { order, direction };
}
