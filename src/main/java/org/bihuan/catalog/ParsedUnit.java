package org.bihuan.catalog;

/**
 * A unit (单位) named in the plan.
 *
 * @param name normalised name, see {@link UnitNormalizer#normalize(String)}
 * @param kind see {@link UnitNormalizer#kindOf(String)}
 */
public record ParsedUnit(String name, UnitKind kind) {
}
