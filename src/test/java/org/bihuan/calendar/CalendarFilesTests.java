package org.bihuan.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** What makes a calendar file valid, and how each error is reported. */
class CalendarFilesTests {

  final ObjectMapper json = new ObjectMapper();

  @Test
  void readsTheShippedNotice() {
    CalendarYear year = WorkingDaysTests.shipped2026();

    assertThat(year.year()).isEqualTo(2026);
    assertThat(year.source()).startsWith("国务院办公厅关于2026年部分节假日安排的通知");
    assertThat(year.days()).hasSize(39);
    assertThat(year.days()).contains(new CalendarYear.SpecialDay(java.time.LocalDate.of(2026, 10, 10), "国庆节", false));
  }

  @Test
  void listsEveryErrorInChineseAndEnglish() throws Exception {
    CalendarFiles.Reading reading = CalendarFiles.read(json.readTree("""
        {"year": 2027, "source": "通知", "days": [
          {"date": "2027-01-01", "name": "元旦", "offDay": true},
          {"date": "2026-12-31", "name": "元旦", "offDay": true},
          {"date": "2027-01-01", "name": "元旦", "offDay": true},
          {"date": "2027-01-05", "name": "元旦", "offDay": false}]}"""));

    assertThat(reading.valid()).isFalse();
    assertThat(reading.errors()).extracting(CalendarFiles.FileError::field)
        .containsExactly("$.days[1].date", "$.days[2].date", "$.days[3].offDay");
    assertThat(reading.errors().get(0).message()).isEqualTo("日期 2026-12-31 不在 2027 年内 / date 2026-12-31 is not in year 2027");
    assertThat(reading.errors().get(1).message()).contains("重复", "listed twice", "days[0]");
    assertThat(reading.errors().get(2).message()).contains("不是周末", "not on a weekend");
  }

  @Test
  void refusesAWrongShapeWithTheValidatorsMessagesInBothLanguages() throws Exception {
    CalendarFiles.Reading reading = CalendarFiles.read(json.readTree("""
        {"year": "2027", "days": [{"date": "2027-02-30", "name": " ", "offDay": "yes"}], "colour": 1}"""));

    assertThat(reading.errors()).extracting(CalendarFiles.FileError::field)
        .contains("$", "$.year", "$.days[0].date", "$.days[0].name", "$.days[0].offDay");
    assertThat(reading.errors()).filteredOn(e -> e.field().equals("$.days[0].offDay")).singleElement()
        .satisfies(e -> assertThat(e.message()).contains(" / ", "boolean"));
    assertThat(reading.errors()).filteredOn(e -> e.field().equals("$")).extracting(CalendarFiles.FileError::message)
        .anySatisfy(m -> assertThat(m).contains("source"))
        .anySatisfy(m -> assertThat(m).contains("colour"));
  }
}
