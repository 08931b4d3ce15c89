package org.bihuan.catalog;

import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.cache.transaction.TransactionAwareCacheManagerProxy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The catalogue is read on every event and filing and changes only by an import: its lookups are
 * cached in memory (Spring's cache abstraction) and the caches are emptied when an import commits.
 * Each node empties its own caches; an import on another node is seen after that node's next import
 * or restart (imports are rare, administrative and announced — see README).
 */
@Configuration(proxyBeanMethods = false)
@EnableCaching
class CatalogCaching {

  static final String UNITS = "catalog-units";
  static final String TASKS = "catalog-tasks";
  static final String ACTIONS = "catalog-actions";
  static final String TARGETS = "catalog-targets";

  @Bean
  CacheManager cacheManager() {
    // evictions take effect after the import's commit, so no reader caches the uncommitted catalogue
    return new TransactionAwareCacheManagerProxy(new ConcurrentMapCacheManager(UNITS, TASKS, ACTIONS, TARGETS));
  }
}
