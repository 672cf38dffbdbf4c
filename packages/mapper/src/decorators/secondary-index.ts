/**
 * `@Index`: a secondary index on a column (SAI by default).
 *
 * @packageDocumentation
 */
import {
  isPropertyDecoratorCall,
  propertyDeclaration,
  type IndexOptions,
  type MapperPropertyDecorator,
} from './declaration-store';

/**
 * Declares an index on the column, created by the mapper's generated DDL: a Storage-Attached
 * Index (`USING 'StorageAttachedIndex'`) unless `using` says otherwise.
 *
 * @example
 * ```ts
 * @Index() @Column() email?: string;
 * @Index({ using: 'sai', options: { case_sensitive: 'false' } }) @Column() city?: string;
 * @Index({ target: 'keys' }) @Column({ type: 'map<text, int>' }) scores?: Map<string, number>;
 * ```
 */
export function Index(options?: IndexOptions): MapperPropertyDecorator;
export function Index(target: object, property: string | symbol): void;
export function Index(value: undefined, context: ClassFieldDecoratorContext): void;
export function Index(...args: unknown[]): MapperPropertyDecorator | void {
  const mark = (target: unknown, property: unknown, options: IndexOptions): void => {
    const d = propertyDeclaration(target, property, '@Index');
    if (d !== undefined) (d.indexes ??= []).push(options);
  };
  if (isPropertyDecoratorCall(args)) return mark(args[0], args[1], {});
  const options = (args[0] ?? {}) as IndexOptions;
  return (target: unknown, property: unknown) => mark(target, property, options);
}
