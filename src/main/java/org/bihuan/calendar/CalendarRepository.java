package org.bihuan.calendar;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bihuan.calendar.CalendarYear.SpecialDay;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Tables {@code calendar_year} and {@code calendar_day} (V11): the only code that touches them. */
@Repository
class CalendarRepository {

  /** A loaded year as listed by the API: the notice's metadata and when and by whom it was loaded. */
  record LoadedYear(int year, String source, String note, int listedDays, Instant loadedAt, String loadedBy) {}

  private final JdbcClient jdbc;

  CalendarRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  List<LoadedYear> loadedYears() {
    return jdbc.sql("""
            select y.year, y.source, y.note, y.loaded_at, y.loaded_by,
                   (select count(*) from bihuan.calendar_day d where d.year = y.year) as listed
            from bihuan.calendar_year y order by y.year""")
        .query((rs, i) -> new LoadedYear(rs.getInt("year"), rs.getString("source"), rs.getString("note"),
            rs.getInt("listed"), rs.getTimestamp("loaded_at").toInstant(), rs.getString("loaded_by")))
        .list();
  }

  /** Every loaded year with its days: the whole calendar is a few hundred rows. */
  CalendarSnapshot snapshot() {
    return CalendarSnapshot.of(all());
  }

  /** The year as loaded, read under a row lock so that concurrent loads of one year queue up. */
  Optional<CalendarYear> lockYear(int year) {
    Optional<String[]> header = jdbc.sql("select source, note from bihuan.calendar_year where year = ? for update")
        .param(year)
        .query((rs, i) -> new String[] {rs.getString("source"), rs.getString("note")})
        .optional();
    return header.map(h -> new CalendarYear(year, h[0], h[1], days(year)));
  }

  Optional<CalendarYear> find(int year) {
    return all().stream().filter(y -> y.year() == year).findFirst();
  }

  /** Inserts a year that is absent; {@code false} when it exists already (another node may have won). */
  boolean insertIfAbsent(CalendarYear year, String loadedBy) {
    int inserted = jdbc.sql("""
            insert into bihuan.calendar_year (year, source, note, loaded_by) values (?, ?, ?, ?)
            on conflict (year) do nothing""")
        .params(year.year(), year.source(), year.note(), loadedBy)
        .update();
    if (inserted == 1) {
      insertDays(year);
    }
    return inserted == 1;
  }

  void replace(CalendarYear year, String loadedBy) {
    jdbc.sql("update bihuan.calendar_year set source = ?, note = ?, loaded_at = now(), loaded_by = ? where year = ?")
        .params(year.source(), year.note(), loadedBy, year.year())
        .update();
    jdbc.sql("delete from bihuan.calendar_day where year = ?").param(year.year()).update();
    insertDays(year);
  }

  private void insertDays(CalendarYear year) {
    for (SpecialDay day : year.days()) {
      jdbc.sql("insert into bihuan.calendar_day (day, year, name, off_day) values (?, ?, ?, ?)")
          .params(day.date(), year.year(), day.name(), day.offDay())
          .update();
    }
  }

  private List<SpecialDay> days(int year) {
    return jdbc.sql("select day, name, off_day from bihuan.calendar_day where year = ? order by day")
        .param(year)
        .query((rs, i) -> new SpecialDay(rs.getObject("day", LocalDate.class), rs.getString("name"), rs.getBoolean("off_day")))
        .list();
  }

  private List<CalendarYear> all() {
    Map<Integer, String[]> headers = new LinkedHashMap<>();
    jdbc.sql("select year, source, note from bihuan.calendar_year order by year")
        .query(rs -> {
          headers.put(rs.getInt("year"), new String[] {rs.getString("source"), rs.getString("note")});
        });
    Map<Integer, List<SpecialDay>> days = new LinkedHashMap<>();
    jdbc.sql("select day, year, name, off_day from bihuan.calendar_day order by day")
        .query(rs -> {
          days.computeIfAbsent(rs.getInt("year"), y -> new ArrayList<>())
              .add(new SpecialDay(rs.getObject("day", LocalDate.class), rs.getString("name"), rs.getBoolean("off_day")));
        });
    List<CalendarYear> years = new ArrayList<>();
    headers.forEach((year, h) -> years.add(new CalendarYear(year, h[0], h[1], days.getOrDefault(year, List.of()))));
    return years;
  }
}
