package org.bihuan.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import javax.sql.DataSource;
import org.bihuan.catalog.CatalogService;
import org.bihuan.problem.Category;
import org.bihuan.problem.LifecycleLog;
import org.bihuan.problem.LifecycleType;
import org.bihuan.problem.NewProblem;
import org.bihuan.problem.Problems;
import org.bihuan.support.BihuanTest;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngines;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.ProcessEnginePlugin;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.spring.SpringExpressionManager;
import org.camunda.bpm.engine.spring.SpringProcessEngineConfiguration;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Two more process engines on the tests' database, each with its job executor running and the
 * application's beans and engine plugins (as a second and third node would have): a due supervision
 * timer fires once, whichever node acquires it. The test context's own engine runs no jobs.
 */
@BihuanTest
class SupervisionTwoEnginesIT {

  @Autowired ApplicationContext context;
  @Autowired DataSource dataSource;
  @Autowired PlatformTransactionManager transactions;
  @Autowired ProcessEngine engine;
  @Autowired Problems problems;
  @Autowired LifecycleLog lifecycle;
  @Autowired TaskService tasks;
  @Autowired CatalogService catalog;

  final List<ProcessEngine> nodes = new ArrayList<>();

  @AfterEach
  void stopNodes() {
    nodes.forEach(ProcessEngine::close);
    ClockUtil.reset();
  }

  @Test
  void aDueTimerFiresOnceWithTwoEnginesRunningJobs() {
    // filed Monday 5 January 2026 10:00: triage due on the 6th at 18:00, 预警 at 11:40 that day
    ClockUtil.setCurrentTime(beijing("2026-01-05T10:00"));
    String unit = catalog.units().stream().filter(u -> u.name().equals("区住建委")).findFirst().orElseThrow().code();
    String key = problems.file(new NewProblem("两个节点同时运行时的预警", "两个节点：详细情况", null, 1, unit,
        Category.EXECUTION, null), "REST", null, List.of());
    Task triage = tasks.createTaskQuery().processInstanceBusinessKey(key).singleResult();
    assertThat(triage.getDueDate()).isEqualTo(beijing("2026-01-06T18:00"));

    ClockUtil.setCurrentTime(beijing("2026-01-06T12:00"));
    nodes.add(node("bihuan-node-2"));
    nodes.add(node("bihuan-node-3"));

    await().atMost(Duration.ofSeconds(60)).until(() -> reminders(key) > 0);
    await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10)).until(() -> reminders(key) == 1);
    assertThat(tasks.getTaskComments(triage.getId())).hasSize(1);
  }

  private long reminders(String key) {
    return lifecycle.history(key).stream().filter(e -> e.type() == LifecycleType.REMINDED).count();
  }

  /** Another node: same database, transactions and beans, Bihuan's engine plugins, its own job executor. */
  private ProcessEngine node(String name) {
    ProcessEngineConfigurationImpl main = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
    SpringProcessEngineConfiguration node = new SpringProcessEngineConfiguration();
    node.setProcessEngineName(name);
    node.setDataSource(dataSource);
    node.setTransactionManager(transactions);
    node.setApplicationContext(context);
    node.setExpressionManager(new SpringExpressionManager(context, null)); // beans in ${…}, as in the app
    node.setDatabaseSchemaUpdate("false");
    node.setHistory(main.getHistory());
    node.setIdGenerator(main.getIdGenerator());
    node.setAuthorizationEnabled(true);
    node.setDbMetricsReporterActivate(false);
    node.setMetricsEnabled(false);
    node.setJobExecutorDeploymentAware(false);
    node.setJobExecutorActivate(true);
    List<ProcessEnginePlugin> plugins = new ArrayList<>();
    context.getBeansOfType(ProcessEnginePlugin.class).values().stream()
        .filter(plugin -> plugin.getClass().getName().startsWith("org.bihuan.")).forEach(plugins::add);
    assertThat(plugins).as("the working-day calendar and the supervision plugins").hasSizeGreaterThanOrEqualTo(2);
    node.setProcessEnginePlugins(plugins);
    ProcessEngine built = node.buildProcessEngine();
    ProcessEngines.unregister(built); // not the application's engine
    return built;
  }

  private static Date beijing(String time) {
    return Date.from(LocalDateTime.parse(time).atZone(ZoneId.of("Asia/Shanghai")).toInstant());
  }
}
