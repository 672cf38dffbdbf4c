/**
 * The hot-path converter of one entity, built once from its model: rows (in select-list order)
 * to entity instances, and property values to bind values. No reflection per row; the property
 * accesses of both directions are compiled once (compiled-access).
 *
 * @packageDocumentation
 */
import type { DataType } from '@cqlkit/driver';
import type { ColumnModel, EntityModel } from '../metadata/entity-model';
import {
  compilePropertyReader,
  compileRowReader,
  type PropertyReader,
  type RowReader,
} from './compiled-access';
import {
  contextualize,
  readerFor,
  writerFor,
  type UdtModelLookup,
  type ValueReader,
  type ValueWriter,
} from './value-adapters';

/**
 * Converts rows and values of one entity. The select list is every column in model order
 * followed by the `@Computed` selectors.
 *
 * @example
 * ```ts
 * const converter = new EntityConverter(model, registry);
 * const user = converter.fromRow(row); // row: unknown[] in select-list order
 * ```
 * @internal
 */
export class EntityConverter<T extends object> {
  /** Property names in select-list order. */
  private readonly properties: string[];
  private readonly readers: (ValueReader | undefined)[];
  /** Writers aligned with `model.columns` (`undefined`: bind the property value as it is). */
  private readonly writers: (ValueWriter | undefined)[];
  private readonly columnIndex = new Map<ColumnModel, number>();
  /** `fromRow`, compiled for this entity. */
  private readonly rowReader: RowReader<T>;
  /** The property values of every column, in `model.columns` order, compiled for this entity. */
  private readonly columnReader: PropertyReader;

  constructor(
    readonly model: EntityModel<T>,
    udts: UdtModelLookup,
  ) {
    this.properties = [...model.columns.map((c) => c.property), ...model.computed.map((c) => c.property)];
    this.readers = [
      ...model.columns.map((c) => columnReader(c, udts)),
      ...model.computed.map((c) => readerFor(c.fn === 'writetime' ? BIGINT : INT, c.designType, udts)),
    ];
    this.writers = model.columns.map((c) => {
      const converter = c.converter;
      return converter ? (v: unknown) => converter.toDb(v) : writerFor(c.type, udts);
    });
    model.columns.forEach((c, i) => this.columnIndex.set(c, i));
    this.rowReader = compileRowReader(model.ctor, this.properties, this.readers, (e, i) => {
      throw contextualize(e, `${this.model.className}.${this.properties[i]}`);
    });
    this.columnReader = compilePropertyReader(model.columns.map((c) => c.property));
  }

  /** A new entity from a row whose values follow the select list. Nulls become `undefined`. */
  fromRow(row: readonly unknown[]): T {
    return this.rowReader(row);
  }

  /**
   * The property values of every column of `entity` in `model.columns` order, as they are (a new
   * array; {@link EntityConverter.writeAt} turns each into its bind value).
   */
  columnValues(entity: Readonly<Record<string, unknown>>): unknown[] {
    return this.columnReader(entity);
  }

  /**
   * The properties of the columns present in a row keyed by column name (the rows of conditional
   * statements, which carry only some columns).
   */
  fromColumns(row: Readonly<Record<string, unknown>>): Partial<T> {
    const out: Record<string, unknown> = {};
    const columns = this.model.columns;
    for (let i = 0; i < columns.length; i++) {
      const c = columns[i] as ColumnModel;
      if (!(c.name in row)) continue;
      const value = row[c.name];
      if (value === null || value === undefined) {
        out[c.property] = undefined;
        continue;
      }
      const read = this.readers[i];
      try {
        out[c.property] = read ? read(value) : value;
      } catch (e) {
        throw contextualize(e, `${this.model.className}.${c.property}`);
      }
    }
    return out as Partial<T>;
  }

  /** The bind value for a property value: `undefined` stays (unset), `null` stays (null). */
  write(column: ColumnModel, value: unknown): unknown {
    return this.writeAt(this.columnIndex.get(column) ?? -1, value);
  }

  /** {@link EntityConverter.write} for the column at `index` of `model.columns`. */
  writeAt(index: number, value: unknown): unknown {
    if (value === undefined || value === null) return value;
    const write = this.writers[index];
    if (write === undefined) return value;
    try {
      return write(value);
    } catch (e) {
      throw contextualize(e, `${this.model.className}.${this.model.columns[index]?.property}`);
    }
  }

  /** Whether writing `column` needs a conversion (else the property value binds as it is). */
  needsWrite(column: ColumnModel): boolean {
    return this.writers[this.columnIndex.get(column) ?? -1] !== undefined;
  }
}

const BIGINT: DataType = { kind: 'bigint' };
const INT: DataType = { kind: 'int' };

function columnReader(c: ColumnModel, udts: UdtModelLookup): ValueReader | undefined {
  const converter = c.converter;
  if (converter !== undefined) return (v) => converter.fromDb(v);
  return readerFor(c.type, c.designType, udts);
}
