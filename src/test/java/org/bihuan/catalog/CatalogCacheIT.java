package org.bihuan.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.bihuan.support.BihuanTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The catalogue's lookups are cached, and an import (even a dry run) empties the caches when it commits. */
@BihuanTest
class CatalogCacheIT {

  @Autowired CatalogService catalog;
  @Autowired JdbcClient jdbc;

  @Test
  void lookupsAreCachedUntilAnImportCommits() throws Exception {
    String plan = new ClassPathResource("plans/yuzhong-ten-actions-2023.txt").getContentAsString(StandardCharsets.UTF_8);
    assertThat(catalog.unit("zzcache")).isEmpty();
    jdbc.sql("insert into bihuan.unit (code, name, kind) values ('zzcache', '缓存测试单位', 'DEPARTMENT')").update();
    try {
      // written behind the service's back: the cached answer stands
      assertThat(catalog.unit("zzcache")).isEmpty();

      catalog.importPlan(plan, true);

      assertThat(catalog.unit("zzcache")).map(Catalog.Unit::name).contains("缓存测试单位");
    } finally {
      jdbc.sql("delete from bihuan.unit where code = 'zzcache'").update();
      catalog.importPlan(plan, true);
    }
    assertThat(catalog.unit("zzcache")).isEmpty();
  }
}
