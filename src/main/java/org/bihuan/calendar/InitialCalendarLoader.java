package org.bihuan.calendar;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.io.ResourceLoader;
import org.springframework.stereotype.Component;

/**
 * Loads the notices shipped with Bihuan ({@code bihuan.calendar.initial-years}) at start-up when
 * their year is absent. A year already in the database is left as the operator loaded it.
 */
@Component
class InitialCalendarLoader {

  private static final Logger log = LoggerFactory.getLogger(InitialCalendarLoader.class);

  private final CalendarService calendar;
  private final CalendarProperties properties;
  private final ResourceLoader resources;
  private final ObjectMapper json;

  InitialCalendarLoader(CalendarService calendar, CalendarProperties properties, ResourceLoader resources, ObjectMapper json) {
    this.calendar = calendar;
    this.properties = properties;
    this.resources = resources;
    this.json = json;
  }

  @EventListener(ApplicationReadyEvent.class)
  void loadShippedYears() {
    for (String location : properties.initialYears()) {
      JsonNode file;
      try (InputStream in = resources.getResource(location).getInputStream()) {
        file = json.readTree(in);
      } catch (IOException e) {
        throw new UncheckedIOException("bihuan.calendar.initial-years: " + location + " cannot be read", e);
      }
      CalendarFiles.Reading reading = CalendarFiles.read(file);
      if (!reading.valid()) {
        throw new IllegalStateException("bihuan.calendar.initial-years: " + location + " is invalid: " + reading.errors());
      }
      calendar.loadIfAbsent(reading.year(), "bihuan")
          .ifPresentOrElse(
              loaded -> log.info("Working-day calendar: year {} loaded from {}", loaded.year(), location),
              () -> log.debug("Working-day calendar: year {} already loaded", reading.year().year()));
    }
  }
}
