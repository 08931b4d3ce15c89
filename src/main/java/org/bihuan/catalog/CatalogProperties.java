package org.bihuan.catalog;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Catalogue (清单) settings.
 *
 * @param unitAliases raw unit name in a plan text → canonical unit name
 * @param initialPlan location of a plan text imported at start-up when the catalogue is empty
 *     (e.g. {@code classpath:plans/yuzhong-ten-actions-2023.txt}); empty for none
 */
@ConfigurationProperties("bihuan.catalog")
public record CatalogProperties(Map<String, String> unitAliases, @DefaultValue("") String initialPlan) {

  public CatalogProperties {
    unitAliases = unitAliases == null ? Map.of() : Map.copyOf(unitAliases);
  }
}
