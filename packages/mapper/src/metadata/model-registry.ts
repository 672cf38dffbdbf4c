/**
 * The models of one mapper: each entity and each `@Udt` class (per keyspace) is built once, with
 * the mapper's naming strategy and default keyspace, then reused.
 *
 * @packageDocumentation
 */
import type { DataType, UdtDataType } from '@cqlkit/driver';
import { declaredUdtClasses, udtDeclarationOf } from '../decorators/declaration-store';
import type { EntityClass } from '../entity-types';
import { EntityDefinitionError } from '../errors';
import type { EntityModel, UdtModel } from './entity-model';
import { buildEntityModel } from './entity-model-builder';
import type { NamingStrategy } from './naming-strategy';
import type { TypeContext } from './type-resolution';
import { buildUdtModel, udtNameOf } from './udt-model-builder';

/**
 * Builds and caches entity and UDT models for one naming strategy and default keyspace.
 *
 * @internal
 */
export class ModelRegistry {
  private readonly entities = new WeakMap<object, EntityModel>();
  private readonly udtsByClass = new Map<abstract new () => object, Map<string, UdtModel>>();
  private readonly udtsByName = new Map<string, UdtModel>();
  private readonly building = new Set<string>();

  constructor(
    readonly naming: NamingStrategy,
    private readonly defaultKeyspace: () => string | undefined,
    /** Where model warnings go (a property whose JavaScript shape had to be guessed). */
    private readonly warn: (message: string) => void = (message) =>
      process.emitWarning(message, 'CqlkitMapperWarning'),
  ) {}

  /** The model of an entity class, built on first use. */
  entity<T extends object>(ctor: EntityClass<T>): EntityModel<T> {
    let model = this.entities.get(ctor) as EntityModel<T> | undefined;
    if (model === undefined) {
      model = buildEntityModel(ctor, {
        naming: this.naming,
        defaultKeyspace: this.defaultKeyspace(),
        typeContext: (where, keyspace, problems) => this.typeContext(where, keyspace, problems),
        udtModelsIn: (type) => this.udtModelsIn(type),
        warn: this.warn,
      });
      this.entities.set(ctor, model);
    }
    return model;
  }

  /** The model of a `@Udt` class in `keyspace` (its own `@Udt({ keyspace })` wins). */
  udt(ctor: abstract new () => object, keyspace: string): UdtModel {
    const ks = udtDeclarationOf(ctor)?.keyspace ?? keyspace;
    let perKeyspace = this.udtsByClass.get(ctor);
    const cached = perKeyspace?.get(ks);
    if (cached !== undefined) return cached;
    const name = udtNameOf(ctor, this.naming);
    const key = udtKey(ks, name);
    if (this.building.has(key)) {
      throw new EntityDefinitionError(ctor.name, [
        `the type ${ks}.${name} contains itself (directly or through other types)`,
      ]);
    }
    this.building.add(key);
    let model: UdtModel;
    try {
      model = buildUdtModel(ctor, ks, {
        naming: this.naming,
        typeContext: (where, k, problems) => this.typeContext(where, k, problems),
        udtModelsIn: (type) => this.udtModelsIn(type),
        warn: this.warn,
      });
    } finally {
      this.building.delete(key);
    }
    if (perKeyspace === undefined) {
      perKeyspace = new Map();
      this.udtsByClass.set(ctor, perKeyspace);
    }
    perKeyspace.set(ks, model);
    this.udtsByName.set(key, model);
    return model;
  }

  /** The model of the UDT `keyspace.name`, if a `@Udt` class for it was resolved. */
  udtByName(keyspace: string, name: string): UdtModel | undefined {
    return this.udtsByName.get(udtKey(keyspace, name));
  }

  /** The UDT models a resolved type uses, nested ones first. */
  udtModelsIn(type: DataType): UdtModel[] {
    const out: UdtModel[] = [];
    const visit = (t: DataType): void => {
      switch (t.kind) {
        case 'list':
        case 'set':
        case 'vector':
          visit(t.element);
          return;
        case 'map':
          visit(t.key);
          visit(t.value);
          return;
        case 'tuple':
          t.elements.forEach(visit);
          return;
        case 'udt': {
          const model = this.udtByName(t.keyspace, t.name);
          if (model === undefined) return;
          for (const dep of model.dependencies) if (!out.includes(dep)) out.push(dep);
          if (!out.includes(model)) out.push(model);
          return;
        }
        default:
          return;
      }
    };
    visit(type);
    return out;
  }

  /** `@Udt` classes whose type is named `name` in `keyspace`. */
  private udtClassesNamed(name: string, keyspace: string): (abstract new () => object)[] {
    return declaredUdtClasses().filter(
      (c) => udtNameOf(c, this.naming) === name && (udtDeclarationOf(c)?.keyspace ?? keyspace) === keyspace,
    );
  }

  private typeContext(where: string, keyspace: string, problems: string[]): TypeContext {
    const resolve = (ctor: abstract new () => object, ks = keyspace): UdtDataType | undefined => {
      try {
        return this.udt(ctor, ks).dataType;
      } catch (e) {
        if (!(e instanceof EntityDefinitionError)) throw e;
        problems.push(
          ...e.problems.map((p) => (p.startsWith(`${e.className}.`) ? p : `${e.className}: ${p}`)),
        );
        return undefined;
      }
    };
    return {
      where,
      problems,
      udtOfClass: (ctor) => resolve(ctor),
      udtOfName: (name, ks) => {
        const candidates = this.udtClassesNamed(name, ks ?? keyspace);
        if (candidates.length > 1) {
          problems.push(
            `${where}: several @Udt classes are named '${name}' (${candidates.map((c) => c.name).join(', ')}); give the column type as the class itself`,
          );
          return undefined;
        }
        const [ctor] = candidates;
        if (ctor === undefined) {
          const known = declaredUdtClasses().map((c) => udtNameOf(c, this.naming));
          problems.push(
            `${where}: no @Udt class is named '${name}'${ks ? ` in keyspace ${ks}` : ''} (declared: ${known.length ? known.join(', ') : 'none'})`,
          );
          return undefined;
        }
        return resolve(ctor, ks ?? keyspace);
      },
    };
  }
}

function udtKey(keyspace: string, name: string): string {
  return `${keyspace}\u0000${name}`;
}
