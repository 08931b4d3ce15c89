package org.bihuan.catalog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bihuan.catalog.Catalog.Action;
import org.bihuan.catalog.Catalog.Target;
import org.bihuan.catalog.Catalog.Task;
import org.bihuan.catalog.Catalog.Unit;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Catalogue tables in schema {@code bihuan}. */
@Repository
class CatalogRepository {

  private final JdbcClient jdbc;

  CatalogRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  boolean isEmpty() {
    return jdbc.sql("select count(*) from bihuan.action").query(Long.class).single() == 0;
  }

  Map<String, String> unitCodesByName() {
    Map<String, String> codes = new LinkedHashMap<>();
    jdbc.sql("select name, code from bihuan.unit").query(rs -> {
      codes.put(rs.getString("name"), rs.getString("code"));
    });
    return codes;
  }

  void insertUnit(String code, String name, UnitKind kind) {
    jdbc.sql("insert into bihuan.unit (code, name, kind) values (?, ?, ?)")
        .params(code, name, kind.name())
        .update();
  }

  void insertPlan(ParsedPlan plan, String sha256) {
    jdbc.sql("insert into bihuan.plan (title, target_year, source_sha256) values (?, ?, ?)")
        .params(plan.title(), plan.targetYear(), sha256)
        .update();
  }

  void upsertAction(ParsedAction action, String leadUnitCode) {
    jdbc.sql(
            """
            insert into bihuan.action (number, title, lead_unit_code) values (?, ?, ?)
            on conflict (number) do update set title = excluded.title, lead_unit_code = excluded.lead_unit_code
            """)
        .params(action.number(), action.title(), leadUnitCode)
        .update();
  }

  void upsertTask(ParsedTask task) {
    jdbc.sql(
            """
            insert into bihuan.task (number, action_number, title, text) values (?, ?, ?, ?)
            on conflict (number) do update
              set action_number = excluded.action_number, title = excluded.title, text = excluded.text
            """)
        .params(task.number(), task.actionNumber(), task.title(), task.text())
        .update();
    jdbc.sql("delete from bihuan.task_unit where task_number = ?").param(task.number()).update();
  }

  void insertTaskUnit(int taskNumber, String unitCode, String role, int position) {
    jdbc.sql("insert into bihuan.task_unit (task_number, unit_code, role, position) values (?, ?, ?, ?)")
        .params(taskNumber, unitCode, role, position)
        .update();
  }

  void upsertTarget(ParsedTarget target) {
    jdbc.sql(
            """
            insert into bihuan.target (code, description, unit_of_measure, comparator, target_value, target_year, line)
            values (?, ?, ?, ?, ?, ?, ?)
            on conflict (code) do update set description = excluded.description,
              unit_of_measure = excluded.unit_of_measure, comparator = excluded.comparator,
              target_value = excluded.target_value, target_year = excluded.target_year, line = excluded.line
            """)
        .params(
            target.code(),
            target.description(),
            target.unitOfMeasure(),
            target.comparator().name(),
            target.value(),
            target.targetYear(),
            target.line())
        .update();
  }

  List<Unit> findUnits() {
    return jdbc.sql("select code, name, kind from bihuan.unit order by code").query(CatalogRepository::unit).list();
  }

  Optional<Unit> findUnit(String code) {
    return jdbc.sql("select code, name, kind from bihuan.unit where code = ?")
        .param(code)
        .query(CatalogRepository::unit)
        .optional();
  }

  List<Action> findActions() {
    return jdbc.sql(
            """
            select a.number, a.title, u.code, u.name, u.kind,
                   (select count(*) from bihuan.task t where t.action_number = a.number) as task_count
            from bihuan.action a join bihuan.unit u on u.code = a.lead_unit_code
            order by a.number
            """)
        .query(
            (rs, i) ->
                new Action(
                    rs.getInt("number"),
                    rs.getString("title"),
                    new Unit(rs.getString("code"), rs.getString("name"), UnitKind.valueOf(rs.getString("kind"))),
                    rs.getInt("task_count")))
        .list();
  }

  Optional<Action> findAction(int number) {
    return findActions().stream().filter(a -> a.number() == number).findFirst();
  }

  Optional<Task> findTask(int number) {
    record Row(int actionNumber, String title, String text) {}
    Optional<Row> row =
        jdbc.sql("select action_number, title, text from bihuan.task where number = ?")
            .param(number)
            .query((rs, i) -> new Row(rs.getInt(1), rs.getString(2), rs.getString(3)))
            .optional();
    if (row.isEmpty()) {
      return Optional.empty();
    }
    List<Unit> leads = new ArrayList<>();
    List<Unit> responsible = new ArrayList<>();
    jdbc.sql(
            """
            select tu.role, u.code, u.name, u.kind from bihuan.task_unit tu
            join bihuan.unit u on u.code = tu.unit_code
            where tu.task_number = ? order by tu.position
            """)
        .param(number)
        .query(
            rs -> {
              Unit unit = new Unit(rs.getString("code"), rs.getString("name"), UnitKind.valueOf(rs.getString("kind")));
              ("LEAD".equals(rs.getString("role")) ? leads : responsible).add(unit);
            });
    Row r = row.get();
    return Optional.of(new Task(number, r.actionNumber(), r.title(), r.text(), leads, responsible));
  }

  List<Target> findTargets() {
    return jdbc.sql(
            "select code, description, unit_of_measure, comparator, target_value, target_year from bihuan.target order by code")
        .query(
            (rs, i) ->
                new Target(
                    rs.getString("code"),
                    rs.getString("description"),
                    rs.getString("unit_of_measure"),
                    TargetComparator.valueOf(rs.getString("comparator")),
                    rs.getBigDecimal("target_value").stripTrailingZeros(),
                    (Integer) rs.getObject("target_year")))
        .list();
  }

  private static Unit unit(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
    return new Unit(rs.getString("code"), rs.getString("name"), UnitKind.valueOf(rs.getString("kind")));
  }
}
