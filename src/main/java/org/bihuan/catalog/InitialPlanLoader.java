package org.bihuan.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.bihuan.catalog.CatalogService.ImportReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.io.ResourceLoader;
import org.springframework.stereotype.Component;

/** Loads {@code bihuan.catalog.initial-plan} into an empty catalogue at start-up (the demo data). */
@Component
class InitialPlanLoader {

  private static final Logger log = LoggerFactory.getLogger(InitialPlanLoader.class);

  private final CatalogService catalog;
  private final CatalogProperties properties;
  private final ResourceLoader resources;

  InitialPlanLoader(CatalogService catalog, CatalogProperties properties, ResourceLoader resources) {
    this.catalog = catalog;
    this.properties = properties;
    this.resources = resources;
  }

  @EventListener(ApplicationReadyEvent.class)
  void loadInitialPlan() {
    if (properties.initialPlan().isBlank() || !catalog.isEmpty()) {
      return;
    }
    String text;
    try {
      text = resources.getResource(properties.initialPlan()).getContentAsString(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("bihuan.catalog.initial-plan cannot be read: " + properties.initialPlan(), e);
    }
    ImportReport report = catalog.importPlan(text, false);
    if (!report.applied()) {
      throw new IllegalStateException(
          "bihuan.catalog.initial-plan " + properties.initialPlan() + " has errors: " + report.problems());
    }
    log.info(
        "Catalogue loaded from {}: {} actions, {} tasks, {} units, {} targets",
        properties.initialPlan(),
        report.plan().actions().size(),
        report.plan().tasks().size(),
        report.plan().units().size(),
        report.plan().targets().size());
  }
}
