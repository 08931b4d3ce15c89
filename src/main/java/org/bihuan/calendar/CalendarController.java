package org.bihuan.calendar;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.SortedSet;
import org.bihuan.calendar.CalendarRepository.LoadedYear;
import org.bihuan.calendar.CalendarService.LoadResult;
import org.bihuan.calendar.CalendarService.Outcome;
import org.bihuan.calendar.CalendarService.YearAlreadyLoaded;
import org.bihuan.platform.ApiProblems;
import org.bihuan.security.Actor;
import org.bihuan.security.Actors;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * 工作日历 over HTTP: the loaded years, loading or replacing a year (operators only), and the
 * calculator. Operators are members of {@code camunda-admin}; the check is here because the
 * security chain leaves {@code /api/**} to authenticated users.
 */
@RestController
@RequestMapping("/api/calendar")
@Tag(name = "工作日历 / Working-day calendar", description = "Public holidays and adjusted working days; working-day arithmetic")
class CalendarController {

  /** Ten years: no time limit is longer, and a longer walk is a mistake in the request. */
  static final int MAX_SPAN_DAYS = 3660;

  static final String FILE_EXAMPLE = """
      {"year": 2026, "source": "国务院办公厅关于2026年部分节假日安排的通知, https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm",
       "note": "offDay true: 休; offDay false: 调休上班",
       "days": [{"date": "2026-10-01", "name": "国庆节", "offDay": true},
                {"date": "2026-10-10", "name": "国庆节", "offDay": false}]}""";

  /** {@code date} is {@code from} plus {@code days} working days; {@code fallbackYears} only when some were not loaded. */
  record AddedWorkingDays(LocalDate from, int days, LocalDate date, SortedSet<Integer> fallbackYears) {}

  /** Working days in {@code [from, to)}; {@code fallbackYears} only when some were not loaded. */
  record WorkingDaysBetween(LocalDate from, LocalDate to, int workingDays, SortedSet<Integer> fallbackYears) {}

  /** The shape of a calendar file, for the API documentation (calendar/calendar-year.schema.json is the contract). */
  @Schema(name = "CalendarFile", description = "One year of the State Council's notice: only the days that differ from an ordinary week")
  record CalendarFile(
      @Schema(example = "2026") int year,
      @Schema(description = "the notice and its address") String source,
      @Schema(nullable = true) String note,
      List<Day> days) {

    record Day(
        @Schema(example = "2026-10-10") LocalDate date,
        @Schema(example = "国庆节") String name,
        @Schema(description = "true: public holiday (休); false: adjusted working day on a weekend (调休上班)") boolean offDay) {}
  }

  private final CalendarService calendar;
  private final WorkingDays workdays;
  private final Actors actors;

  CalendarController(CalendarService calendar, WorkingDays workdays, Actors actors) {
    this.calendar = calendar;
    this.workdays = workdays;
    this.actors = actors;
  }

  @Operation(summary = "已加载的年份 / Loaded years",
      description = "Years whose notice is loaded, with source, note, number of listed days, when and by whom. "
          + "Any other year is counted with plain weekends (a warning in health `workingDayCalendar`).")
  @GetMapping("/years")
  List<LoadedYear> years() {
    return calendar.loadedYears();
  }

  @Operation(summary = "一年的节假日安排 / One loaded year, in the file format")
  @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = CalendarFile.class)))
  @ApiResponse(responseCode = "404", description = "year not loaded", content = @Content(mediaType = "application/problem+json"))
  @GetMapping("/years/{year}")
  CalendarYear year(@PathVariable int year) {
    return calendar.year(year).orElseThrow(() ->
        ApiProblems.notFound("calendar-year-not-found", year + " 年的节假日安排未加载", "year " + year + " is not loaded"));
  }

  @Operation(summary = "加载一年的节假日安排 / Load a year (operators)",
      description = "Body: a calendar file (schema calendar/calendar-year.schema.json). 201 when the year was absent, "
          + "200 with outcome UNCHANGED when the same content is loaded already, 409 when the year is loaded with other "
          + "content (replace it with PUT /api/calendar/years/{year}), 422 with `errors` when the file is invalid, "
          + "403 for anyone not in camunda-admin. Open working-day timers are recalculated in the same transaction.",
      requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
          mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = CalendarFile.class),
          examples = @ExampleObject(value = FILE_EXAMPLE))))
  @ApiResponse(responseCode = "201", description = "year loaded")
  @ApiResponse(responseCode = "200", description = "same content already loaded (outcome UNCHANGED)")
  @ApiResponse(responseCode = "403", description = "not an operator", content = @Content(mediaType = "application/problem+json"))
  @ApiResponse(responseCode = "409", description = "year loaded with other content", content = @Content(mediaType = "application/problem+json"))
  @ApiResponse(responseCode = "422", description = "invalid file, every error listed", content = @Content(mediaType = "application/problem+json"))
  @PostMapping(value = "/years", consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<LoadResult> load(@RequestBody JsonNode file) {
    Actor operator = operator();
    return answer(calendar.add(valid(file), operator.userId()));
  }

  @Operation(summary = "替换一年的节假日安排 / Replace a year when the notice is corrected (operators)",
      description = "Like POST, but a year loaded with other content is replaced (outcome REPLACED) and the open "
          + "working-day timers due from the first changed day on are recalculated. The year of the path and of the body must agree.",
      requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
          mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = CalendarFile.class))))
  @ApiResponse(responseCode = "200", description = "replaced or unchanged")
  @ApiResponse(responseCode = "201", description = "year was absent and is loaded")
  @ApiResponse(responseCode = "403", description = "not an operator", content = @Content(mediaType = "application/problem+json"))
  @ApiResponse(responseCode = "422", description = "invalid file", content = @Content(mediaType = "application/problem+json"))
  @PutMapping(value = "/years/{year}", consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<LoadResult> replace(@PathVariable int year, @RequestBody JsonNode file) {
    Actor operator = operator();
    CalendarYear parsed = valid(file);
    if (parsed.year() != year) {
      throw ApiProblems.unprocessable("calendar-year-mismatch",
          "路径中的年份 " + year + " 与文件中的年份 " + parsed.year() + " 不一致",
          "the year of the path (" + year + ") and of the file (" + parsed.year() + ") differ");
    }
    return answer(calendar.put(parsed, operator.userId()));
  }

  @Operation(summary = "加若干工作日 / Add working days",
      description = "From a date, N working days later; a `from` that is a rest day counts from the next working day; "
          + "0 days gives that first working day. Example: from=2026-09-30&days=3 gives 2026-10-10 (National Day "
          + "1–7 October off, Saturday 10 October an adjusted working day). `fallbackYears` appears only when a year "
          + "on the way is not loaded and was counted with plain weekends.")
  @ApiResponse(responseCode = "200", content = @Content(examples = @ExampleObject(
      value = "{\"from\":\"2026-09-30\",\"days\":3,\"date\":\"2026-10-10\"}")))
  @ApiResponse(responseCode = "400", description = "negative or too many days, or a malformed date",
      content = @Content(mediaType = "application/problem+json"))
  @GetMapping("/add-working-days")
  AddedWorkingDays addWorkingDays(
      @Parameter(description = "ISO date", example = "2026-09-30") @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
      @Parameter(description = "working days, 0 to " + MAX_SPAN_DAYS, example = "3") @RequestParam int days) {
    if (days < 0 || days > MAX_SPAN_DAYS) {
      throw badRequest("天数须在 0 到 " + MAX_SPAN_DAYS + " 之间：" + days, "days must be between 0 and " + MAX_SPAN_DAYS + ": " + days);
    }
    LocalDate date = workdays.addWorkingDays(from, days);
    return new AddedWorkingDays(from, days, date, orNull(workdays.fallbackYearsBetween(from, date)));
  }

  @Operation(summary = "两日期间的工作日数 / Working days between two dates",
      description = "The working days d with from ≤ d < to (from counts, to does not), so that "
          + "working-days-between(d, add-working-days(d, n)) = n. Negative when `to` is before `from`. "
          + "Example: from=2026-09-30&to=2026-10-10 gives 3.")
  @ApiResponse(responseCode = "200", content = @Content(examples = @ExampleObject(
      value = "{\"from\":\"2026-09-30\",\"to\":\"2026-10-10\",\"workingDays\":3}")))
  @ApiResponse(responseCode = "400", description = "more than ten years apart, or a malformed date",
      content = @Content(mediaType = "application/problem+json"))
  @GetMapping("/working-days-between")
  WorkingDaysBetween workingDaysBetween(
      @Parameter(description = "ISO date, counted", example = "2026-09-30") @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
      @Parameter(description = "ISO date, not counted", example = "2026-10-10") @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
    if (Math.abs(ChronoUnit.DAYS.between(from, to)) > MAX_SPAN_DAYS) {
      throw badRequest("两个日期相距超过 " + MAX_SPAN_DAYS + " 天", "from and to are more than " + MAX_SPAN_DAYS + " days apart");
    }
    return new WorkingDaysBetween(from, to, workdays.workingDaysBetween(from, to), orNull(workdays.fallbackYearsBetween(from, to)));
  }

  @ExceptionHandler(YearAlreadyLoaded.class)
  ProblemDetail yearAlreadyLoaded(YearAlreadyLoaded e) {
    return ApiProblems.detail(HttpStatus.CONFLICT, "calendar-year-loaded", "冲突 / Conflict",
        e.year + " 年已加载且内容不同；如需更正，请用 PUT /api/calendar/years/" + e.year + " 替换",
        "year " + e.year + " is loaded with different content; to correct it, replace it with PUT /api/calendar/years/" + e.year);
  }

  private Actor operator() {
    Actor actor = actors.current();
    if (actor == null || !actor.isOperator()) {
      throw new ErrorResponseException(HttpStatus.FORBIDDEN, ApiProblems.detail(HttpStatus.FORBIDDEN, "forbidden",
          "无权访问 / Forbidden", "只有运维人员（camunda-admin）可以加载或替换节假日安排",
          "only operators (camunda-admin) may load or replace calendar years"), null);
    }
    return actor;
  }

  private static CalendarYear valid(JsonNode file) {
    CalendarFiles.Reading reading = CalendarFiles.read(file);
    if (!reading.valid()) {
      ProblemDetail detail = ApiProblems.detail(HttpStatus.UNPROCESSABLE_ENTITY, "calendar-invalid",
          "节假日安排有误 / Invalid calendar file",
          "节假日安排文件有 " + reading.errors().size() + " 处错误，未加载",
          "the calendar file has " + reading.errors().size() + " error(s); nothing was loaded");
      detail.setProperty("errors", reading.errors());
      throw new ErrorResponseException(HttpStatus.UNPROCESSABLE_ENTITY, detail, null);
    }
    return reading.year();
  }

  private static ResponseEntity<LoadResult> answer(LoadResult result) {
    if (result.outcome() == Outcome.CREATED) {
      return ResponseEntity.created(URI.create("/api/calendar/years/" + result.year())).body(result);
    }
    return ResponseEntity.ok(result);
  }

  private static ErrorResponseException badRequest(String chinese, String english) {
    return new ErrorResponseException(HttpStatus.BAD_REQUEST,
        ApiProblems.detail(HttpStatus.BAD_REQUEST, "invalid-parameter", "参数无效 / Invalid parameter", chinese, english), null);
  }

  private static SortedSet<Integer> orNull(SortedSet<Integer> years) {
    return years.isEmpty() ? null : years;
  }
}
