import type { DataType } from '../data-type';

/**
 * The serialized size of every value of `type` when it is fixed, as Cassandra 5's
 * `valueLengthIfFixed` defines it for vector elements: boolean 1, int and float 4, bigint, double
 * and timestamp 8, uuid and timeuuid 16, vectors of those (dimension × element size). Every
 * other type, smallint, tinyint, date and time included, is variable-length (`undefined`).
 *
 * @example
 * ```ts
 * fixedValueLength({ kind: 'float' }); // 4
 * fixedValueLength({ kind: 'smallint' }); // undefined
 * ```
 */
export function fixedValueLength(type: DataType): number | undefined {
  switch (type.kind) {
    case 'boolean':
      return 1;
    case 'int':
    case 'float':
      return 4;
    case 'bigint':
    case 'double':
    case 'timestamp':
      return 8;
    case 'uuid':
    case 'timeuuid':
      return 16;
    case 'vector': {
      const element = fixedValueLength(type.element);
      return element === undefined ? undefined : element * type.dimension;
    }
    default:
      return undefined;
  }
}
