package org.bihuan.calendar;

import org.camunda.bpm.engine.impl.calendar.BusinessCalendarManager;
import org.camunda.bpm.engine.impl.calendar.DurationBusinessCalendar;
import org.camunda.bpm.engine.impl.calendar.MapBusinessCalendarManager;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.ProcessEnginePlugin;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The calendar's beans: this node's copy, the calculator {@code workdays}, and its place in the engine. */
@Configuration(proxyBeanMethods = false)
class CalendarConfiguration {

  @Bean
  CalendarState calendarState(CalendarRepository repository, CalendarProperties properties) {
    return new CalendarState(repository::snapshot, properties.refreshInterval());
  }

  /** The name models use: {@code ${workdays.timer('P3D')}}, {@code ${workdays.due('P3D')}}. */
  @Bean("workdays")
  WorkingDays workingDays(CalendarState state, CalendarProperties properties) {
    return new WorkingDays(state, properties);
  }

  /** Teaches the engine's duration calendar the {@code workdays:} timer descriptions. */
  @Bean
  ProcessEnginePlugin workingDayTimers(WorkingDays workdays) {
    return new AbstractProcessEnginePlugin() {
      @Override
      public void postInit(ProcessEngineConfigurationImpl configuration) {
        BusinessCalendarManager calendars = configuration.getBusinessCalendarManager();
        if (!(calendars instanceof MapBusinessCalendarManager map)) {
          throw new IllegalStateException("expected Camunda's MapBusinessCalendarManager, found " + calendars);
        }
        String name = DurationBusinessCalendar.NAME;
        map.addBusinessCalendar(name, new WorkingDayBusinessCalendar(map.getBusinessCalendar(name), workdays));
      }
    };
  }
}
